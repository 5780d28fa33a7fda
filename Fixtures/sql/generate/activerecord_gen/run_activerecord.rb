# Run typical ActiveRecord queries against PostgreSQL so the server logs them.
# usage: ruby run_activerecord.rb setup|queries   (env PGPORT default 55440, PGDB railsdb)
# application_name is ar-<phase> so the server log can be filtered per phase.
require "active_record"
require "logger"

phase = ARGV.fetch(0)
ActiveRecord::Base.establish_connection(
  adapter: "postgresql", host: "127.0.0.1", port: (ENV["PGPORT"] || 55440).to_i,
  database: ENV["PGDB"] || "railsdb", username: "postgres",
  variables: {}, application_name: "ar-#{phase}"
)
ActiveRecord::Base.logger = Logger.new($stderr) if ENV["AR_LOG"]

class Author < ActiveRecord::Base
  has_many :books, dependent: :destroy
  has_many :reviews, through: :books
end

class Genre < ActiveRecord::Base
  has_many :books
end

class Tag < ActiveRecord::Base
  has_and_belongs_to_many :books
end

class Book < ActiveRecord::Base
  belongs_to :author, counter_cache: false
  belongs_to :genre, optional: true
  has_and_belongs_to_many :tags
  has_many :reviews, dependent: :delete_all
  scope :recent, -> { where("published_at > ?", Time.utc(2010, 1, 1)) }
end

class Review < ActiveRecord::Base
  belongs_to :book
end

if phase == "setup"
  ActiveRecord::Schema.verbose = false
  ActiveRecord::Schema.define do
    create_table :authors, force: :cascade do |t|
      t.string :name, null: false
      t.string :email
      t.string :country
      t.timestamps
    end
    create_table :genres, force: :cascade do |t|
      t.string :name
    end
    create_table :tags, force: :cascade do |t|
      t.string :name
    end
    create_table :books, force: :cascade do |t|
      t.string :title
      t.references :author, foreign_key: true
      t.references :genre
      t.datetime :published_at
      t.decimal :price, precision: 8, scale: 2
      t.integer :pages, default: 0
      t.timestamps
    end
    create_table :books_tags, id: false, force: :cascade do |t|
      t.references :book
      t.references :tag
    end
    create_table :reviews, force: :cascade do |t|
      t.references :book
      t.string :reviewer
      t.integer :stars
      t.timestamps
    end
  end
  genres = %w[fiction history science poetry].map { |n| Genre.create!(name: n) }
  tags = %w[classic award new].map { |n| Tag.create!(name: n) }
  authors = (1..10).map { |i| Author.create!(name: "Author #{i}", email: "a#{i}@example.com", country: %w[US GB FR][i % 3]) }
  now = Time.utc(2024, 1, 1)
  rows = (1..40).map do |i|
    { title: "Book #{i}", author_id: authors[i % 10].id, genre_id: genres[i % 4].id,
      published_at: Time.utc(1995 + i % 25, 1 + i % 12, 1), price: 5 + i, pages: 100 + i,
      created_at: now, updated_at: now }
  end
  Book.insert_all(rows)
  Book.find_each { |b| b.tags << tags[b.id % 3] }
  Book.find_each { |b| (b.id % 3).times { |j| b.reviews.create!(reviewer: "r#{j}", stars: 1 + (b.id + j) % 5) } }
  exit
end

Author.find(1)
Author.find([1, 2, 3])
Author.find_by(email: "a4@example.com")
Author.first
Book.where(author_id: 2).to_a
Book.where(genre_id: [1, 2]).where.not(pages: nil).to_a
Book.where("title ILIKE ?", "%book 1%").to_a
Book.where(published_at: Time.utc(2000, 1, 1)..Time.utc(2005, 12, 31)).to_a
Book.where(genre_id: nil).to_a
Book.where(id: [1]).to_a
Book.where(id: [1, 2, 3, 4, 5]).to_a
Book.where(id: (1..20).to_a).to_a
Book.where(author_id: 1).or(Book.where(pages: 120..130)).to_a
Book.recent.order(published_at: :desc).limit(10).to_a
Book.order(:title).limit(10).offset(20).to_a
Author.where(country: "US").exists?
Book.count
Book.where(genre_id: 3).count
Book.group(:author_id).count
Book.group(:genre_id).average(:price)
Book.maximum(:pages)
Book.pluck(:title)
Author.where(country: "GB").pluck(:id, :name)
Book.distinct.pluck(:genre_id)
# N+1 (lazy belongs_to in a loop), and per-parent count
Book.order(:id).limit(5).each { |b| b.author.name }
Author.order(:id).limit(3).each { |a| a.books.size }
# eager loading: includes (preload strategy), preload, eager_load, includes+references
Book.includes(:author).limit(10).each { |b| b.author.name }
Author.preload(books: :tags).where(country: "FR").each { |a| a.books.map(&:tags).flatten }
Book.eager_load(:author, :genre).where(genres: { name: "science" }).to_a
Book.includes(:reviews).references(:reviews).where("reviews.stars >= ?", 4).to_a
Book.joins(:author).where(authors: { country: "US" }).to_a
Author.joins(:books).group("authors.id").having("COUNT(books.id) > ?", 3).select("authors.*, COUNT(books.id) AS books_count").to_a
Author.left_outer_joins(:books).where(books: { id: nil }).to_a
Author.joins(:reviews).distinct.to_a
Book.where(author_id: Author.where(country: "GB").select(:id)).to_a
Book.where("EXISTS (SELECT 1 FROM reviews WHERE reviews.book_id = books.id AND reviews.stars = 5)").to_a
# batches
Book.find_each(batch_size: 15) { |b| b.id }
Book.in_batches(of: 20) { |rel| rel.update_all(pages: 200) }
# writes
Book.where(genre_id: 4).update_all("price = price * 1.1")
Author.where(id: 1).update_all(country: "CA", updated_at: Time.utc(2024, 5, 1))
Author.find(2).update!(name: "Author Two")
b = Book.find(3)
b.increment!(:pages)
now = Time.utc(2024, 6, 1)
Tag.insert_all([{ name: "bulk1" }, { name: "bulk2" }, { name: "bulk3" }])
Author.upsert_all([{ id: 3, name: "Author 3b", email: "a3@example.com", country: "DE", created_at: now, updated_at: now }])
a = Author.create!(name: "Temp", email: "temp@example.com", country: "IT")
a.books.create!(title: "Temp book", published_at: now, price: 1, pages: 1)
Author.transaction do
  Author.find_or_create_by!(email: "z@example.com") { |x| x.name = "Zed" }
  Author.transaction(requires_new: true) do
    Genre.create!(name: "cooking")
    raise ActiveRecord::Rollback
  end
end
a.destroy
Tag.where("name LIKE ?", "bulk%").delete_all
Review.where(stars: 1).limit(2).destroy_all
