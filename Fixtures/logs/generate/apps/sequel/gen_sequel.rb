#!/usr/bin/env ruby
# Generate Fixtures/logs/apps/sequel/{sqlite,postgres}.log with Debian's ruby-sequel (no bundler).
#
# usage: ruby Fixtures/logs/generate/apps/sequel/gen_sequel.rb sqlite|postgres OUTFILE
#   postgres needs a server on 127.0.0.1:55492 (trust auth) with an empty database ql_sequel.
#
# Schema + seed data (7 authors, 20 books, author of book i = ((3i) mod 7)+1) are created and the
# models defined BEFORE the logger is attached (Sequel queries the schema when a model class is
# created).  Then, as the Sequel docs say, `DB.loggers << Logger.new(file)`, and four "requests"
# 200 ms apart, each preceded by one marker line written through the same Logger:
#   R1 N+1 page:       Book.order(:id).limit(10).all, then book.author for each  (1 + 10)
#   R2 eager page:     Book.order(:id).limit(10).eager(:author).all               (2)
#   R3 repeated query: Author[1] three times (no caching plugin)                   (3)
#   R4 count loop:     Book.where(author_id: id).count for author ids 1..5         (5)
require "sequel"
require "logger"
require "fileutils"

kind, out = ARGV
abort "usage: gen_sequel.rb sqlite|postgres OUTFILE" unless %w[sqlite postgres].include?(kind) && out

if kind == "sqlite"
  path = "/tmp/ql-orms-sequel.sqlite3"
  FileUtils.rm_f(path)
  DB = Sequel.sqlite(path)
else
  DB = Sequel.connect("postgres://postgres@127.0.0.1:55492/ql_sequel")
  DB.drop_table?(:books, :authors)
end

DB.create_table(:authors) do
  primary_key :id
  String :name, null: false
end
DB.create_table(:books) do
  primary_key :id
  String :title, null: false
  foreign_key :author_id, :authors, null: false
end
(1..7).each { |i| DB[:authors].insert(id: i, name: "Author #{i}") }
(1..20).each { |i| DB[:books].insert(id: i, title: "Book #{i}", author_id: ((3 * i) % 7) + 1) }

class Author < Sequel::Model(DB[:authors])
  one_to_many :books
end

class Book < Sequel::Model(DB[:books])
  many_to_one :author
end

FileUtils.rm_f(out)
logger = Logger.new(out)
DB.loggers << logger

requests = [
  ["R1", "N+1 page", lambda {
    Book.order(:id).limit(10).all.each { |b| b.author.name }
  }],
  ["R2", "eager page", lambda {
    Book.order(:id).limit(10).eager(:author).all.each { |b| b.author.name }
  }],
  ["R3", "repeated query", lambda {
    3.times { Author[1].name }
  }],
  ["R4", "count loop", lambda {
    (1..5).each { |id| Book.where(author_id: id).count }
  }],
]
requests.each_with_index do |(name, title, work), i|
  sleep 0.2 if i > 0
  logger.info("request #{name} #{title}")
  work.call
end
DB.loggers.delete(logger)
logger.close
puts "sequel #{Sequel::VERSION} #{DB.database_type} -> #{out}"
