from django.urls import path

from . import views

urlpatterns = [
    path("books/", views.book_list),
    path("books/eager/", views.book_list_eager),
    path("books/prices/", views.book_prices),
    path("authors/<int:pk>/repeat/", views.author_repeat),
    path("authors/counts/", views.author_counts),
]
