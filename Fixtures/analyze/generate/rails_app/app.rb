# Minimal single-file Rails 6.1 development application (Debian's rails packages, no bundler).
# Loaded by ../gen_rails.rb, which sets RAILS_ENV=development and DATABASE_URL before requiring it.
require "rails"
require "active_record/railtie"
require "action_controller/railtie"

class BookstoreApp < Rails::Application
  config.root = __dir__
  config.secret_key_base = "querylens-fixture-not-a-secret"
  config.hosts.clear
  config.eager_load = false # development defaults: log/development.log, colorized
  config.active_support.deprecation = :silence
  config.active_record.verbose_query_logs = true # the `↳ app/...` source lines
end

Rails.application.initialize!

Rails.application.routes.draw do
  get "/books/authors", to: "bookstore#books_authors"                 # A
  get "/authors/books", to: "bookstore#authors_books"                 # B
  get "/books/tags", to: "bookstore#books_tags"                       # C
  get "/authors/book_counts", to: "bookstore#author_book_counts"      # D
  get "/authors/books/review_counts", to: "bookstore#nested_counts"   # E
  get "/eager", to: "bookstore#eager"                                 # F
  get "/authors/1/repeat", to: "bookstore#repeat"                     # G
  get "/books/7/reviews/bulk_new", to: "bookstore#bulk_reviews"       # H
  get "/books/:id", to: "bookstore#show"                              # I
end
