from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    country = models.CharField(max_length=2, blank=True)
    born = models.DateField(null=True)


class Genre(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Tag(models.Model):
    name = models.CharField(max_length=30, unique=True)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    genre = models.ForeignKey(Genre, on_delete=models.SET_NULL, null=True, related_name="books")
    tags = models.ManyToManyField(Tag, related_name="books")
    published_at = models.DateTimeField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    pages = models.IntegerField(default=0)
    stock = models.IntegerField(default=0)


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.CharField(max_length=100)
    stars = models.IntegerField()
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()
