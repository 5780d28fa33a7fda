class BookstoreController < ActionController::Base
  # A: belongs_to N+1 -- 1 books query + one authors query per book (10 books, 8 distinct authors;
  #    the query cache answers the 2 repeated author ids, logged as CACHE)
  def books_authors
    lines = Book.order(:id).limit(10).map { |book| "#{book.title} by #{book.author.name}" }
    render plain: lines.join("\n")
  end

  # B: has_many N+1 -- 1 authors query + one books query per author (5)
  def authors_books
    lines = Author.order(:id).limit(5).map do |author|
      "#{author.name}: #{author.books.order(:id).map(&:title).join(', ')}"
    end
    render plain: lines.join("\n")
  end

  # C: many-to-many N+1 -- 1 books query + one tags JOIN books_tags query per book (6)
  def books_tags
    lines = Book.order(:id).limit(6).map do |book|
      "#{book.title}: #{book.tags.map(&:name).join(', ')}"
    end
    render plain: lines.join("\n")
  end

  # D: COUNT loop -- 1 authors query + one COUNT per author (7)
  def author_book_counts
    lines = Author.where("id >= ?", 6).order(:id).limit(7).map do |author|
      "#{author.name}: #{author.books.count}"
    end
    render plain: lines.join("\n")
  end

  # E: nested loops -- 1 authors query + one books query per author (3) + one COUNT per book
  def nested_counts
    lines = []
    Author.where("id >= ?", 18).order(:id).each do |author|
      author.books.order(:id).each do |book|
        lines << "#{author.name} / #{book.title}: #{book.reviews.count} reviews"
      end
    end
    render plain: lines.join("\n")
  end

  # F: the pages of A, B and C with eager loading -- no N+1
  def eager
    lines = Book.includes(:author).order(:id).limit(10).map { |book| "#{book.title} by #{book.author.name}" }
    Author.preload(:books).order(:id).limit(5).each do |author|
      lines << "#{author.name}: #{author.books.map(&:title).join(', ')}"
    end
    Book.includes(:tags).order(:id).limit(6).each do |book|
      lines << "#{book.title}: #{book.tags.map(&:name).join(', ')}"
    end
    render plain: lines.join("\n")
  end

  # G: the same query 4 times, query cache disabled so each one really runs
  def repeat
    names = ActiveRecord::Base.uncached { Array.new(4) { Author.find(1).name } }
    render plain: names.join("\n")
  end

  # H: N+1 write -- 5 single-row INSERTs, each in its own BEGIN/COMMIT
  def bulk_reviews
    ids = (1..5).map { |stars| Review.create(book_id: 7, stars: stars).id }
    render plain: ids.join("\n")
  end

  # I: one book per request
  def show
    book = Book.find(params[:id])
    render plain: book.title
  end
end
