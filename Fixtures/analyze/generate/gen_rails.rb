#!/usr/bin/env ruby
# Generate Fixtures/analyze/rails-development.log with a real Rails 6.1 development app.
#
# usage: ruby gen_rails.rb OUTFILE RECORD.json
#
# Copies rails_app/ to /tmp/ql-analyze-rails, creates the SQLite schema (authors, books, tags,
# books_tags, reviews) and the seed data of seed.py with the logger silenced, then serves each
# scenario as ONE request through Rails.application.call(Rack::MockRequest.env_for(...)), with a
# 300 ms sleep between requests.  Rails defaults otherwise: query cache on during requests,
# colourised log, verbose_query_logs on.  Copies log/development.log to OUTFILE; RECORD.json gets
# the sql.active_record events of each request (for build_expected.py).
require "fileutils"
require "json"

out, record_path = ARGV
abort "usage: gen_rails.rb OUTFILE RECORD.json" unless out && record_path
out = File.expand_path(out)
record_path = File.expand_path(record_path)
seed = JSON.parse(`python3 #{File.join(__dir__, "seed.py")}`)
dir = "/tmp/ql-analyze-rails"
FileUtils.rm_rf(dir)
FileUtils.cp_r(File.join(__dir__, "rails_app"), dir)
FileUtils.mkdir_p(File.join(dir, "log"))
ENV["RAILS_ENV"] = "development"
ENV["DATABASE_URL"] = "sqlite3:#{dir}/db.sqlite3"
require File.join(dir, "app.rb")
require "rack/mock"

ActiveRecord::Base.logger.silence do
  ActiveRecord::Schema.verbose = false
  ActiveRecord::Schema.define do
    create_table(:authors) { |t| t.string :name, null: false; t.string :country }
    create_table(:books) do |t|
      t.string :title, null: false
      t.string :genre
      t.date :published_at
      t.references :author, null: false, foreign_key: true
    end
    create_table(:tags) { |t| t.string :name, null: false }
    create_table(:books_tags, id: false) do |t|
      t.references :book, null: false, foreign_key: true
      t.references :tag, null: false, foreign_key: true
    end
    create_table(:reviews) { |t| t.references :book, null: false, foreign_key: true; t.integer :stars }
  end
  Author.insert_all(seed["authors"].map { |i, n, c| { id: i, name: n, country: c } })
  Tag.insert_all(seed["tags"].map { |i, n| { id: i, name: n } })
  Book.insert_all(seed["books"].map { |i, t, g, p, a| { id: i, title: t, genre: g, published_at: p, author_id: a } })
  ActiveRecord::Base.connection.execute(
    "INSERT INTO books_tags (book_id, tag_id) VALUES " + seed["books_tags"].map { |b, t| "(#{b}, #{t})" }.join(", "))
  Review.insert_all(seed["reviews"].map { |i, b, s| { id: i, book_id: b, stars: s } })
  [Author, Book, Tag, Review].each(&:count) # load the schema before the requests
end

i_ids = [2, 9, 15, 23, 31, 38, 44, 57, 63, 71, 86, 99]
requests = [%w[A /books/authors], %w[B /authors/books], %w[C /books/tags], %w[D /authors/book_counts],
            %w[E /authors/books/review_counts], %w[F /eager], %w[G /authors/1/repeat],
            %w[H /books/7/reviews/bulk_new]] + i_ids.map { |i| ["I", "/books/#{i}"] }

current = nil
ActiveSupport::Notifications.subscribe("sql.active_record") do |*, payload|
  next if current.nil? || %w[SCHEMA EXPLAIN].include?(payload[:name])
  current << { "name" => payload[:name], "sql" => payload[:sql], "cached" => !!payload[:cached],
               "binds" => (payload[:type_casted_binds].respond_to?(:call) ? payload[:type_casted_binds].call : payload[:type_casted_binds]) }
end

log_path = File.join(dir, "log", "development.log")
records = []
requests.each_with_index do |(scenario, path), i|
  sleep 0.3 if i > 0
  current = []
  start = File.foreach(log_path).count
  status, headers, body = Rails.application.call(Rack::MockRequest.env_for(path, "REMOTE_ADDR" => "127.0.0.1"))
  text = +""
  body.each { |s| text << s }
  body.close if body.respond_to?(:close)
  raise "#{path}: #{status} #{text[0, 300]}" unless status == 200
  Rails.logger.flush if Rails.logger.respond_to?(:flush)
  finish = File.foreach(log_path).count
  records << { "scenario" => scenario, "url" => path, "request_id" => headers["X-Request-Id"],
               "statements" => current, "body" => text,
               "first_line" => start + 1, "last_line" => finish, "log_records" => finish - start }
  current = nil
end
FileUtils.cp(log_path, out)
File.write(record_path, JSON.pretty_generate("rails" => Rails.version, "requests" => records))
puts records.map { |r| [r["scenario"], r["statements"].size, r["statements"].count { |s| s["cached"] }] }.inspect
