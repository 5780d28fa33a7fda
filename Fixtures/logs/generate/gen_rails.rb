#!/usr/bin/env ruby
# Generate Fixtures/logs/rails/{development,production}.log with a real Rails 6.1 app.
#
# usage: ruby Fixtures/logs/generate/gen_rails.rb development|production OUTFILE
#
# Copies rails_app/ to /tmp/querylens-logs-rails-ENV, creates the SQLite schema + seed data with
# the logger silenced, then serves 3 requests with Rails.application.call(Rack::MockRequest env):
#   GET /posts               N+1   (1 posts query + 5 author queries)
#   GET /posts/cached        CACHE (Author.find(1) x2, Post.where(author_id: 1) x2: 2 SQL + 2 CACHE)
#   GET /posts/with_authors  fine  (includes(:author): 2 queries)
# and copies the log Rails wrote to OUTFILE.  Prints the X-Request-Id of each response.
require "fileutils"
require "json"

env, out = ARGV
abort "usage: gen_rails.rb development|production OUTFILE" unless %w[development production].include?(env) && out
src = File.join(__dir__, "rails_app")
dir = "/tmp/querylens-logs-rails-#{env}"
FileUtils.rm_rf(dir)
FileUtils.cp_r(src, dir)
FileUtils.mkdir_p(File.join(dir, "log"))
ENV["RAILS_ENV"] = env
ENV["DATABASE_URL"] = "sqlite3:#{dir}/db.sqlite3"
require File.join(dir, "app.rb")
require "rack/mock"

ActiveRecord::Base.logger.silence do
  ActiveRecord::Schema.verbose = false
  ActiveRecord::Schema.define do
    create_table(:authors) { |t| t.string :name }
    create_table(:posts) { |t| t.string :title; t.references :author }
  end
  # author of post i is ((i*3) % 7) + 1, as in the other fixtures: 4, 7, 3, 6, 2
  7.times { |i| Author.create!(name: "Author #{i + 1}") }
  10.times { |i| Post.create!(title: "Post #{i + 1}", author_id: (((i + 1) * 3) % 7) + 1) }
end

ids = []
%w[/posts /posts/cached /posts/with_authors].each_with_index do |path, i|
  sleep 0.2 if i > 0
  status, headers, body = Rails.application.call(Rack::MockRequest.env_for(path, "REMOTE_ADDR" => "127.0.0.1"))
  body.close if body.respond_to?(:close)
  raise "#{path}: #{status}" unless status == 200
  ids << { "path" => path, "request_id" => headers["X-Request-Id"] }
end
Rails.logger.flush if Rails.logger.respond_to?(:flush)
FileUtils.cp(File.join(dir, "log", "#{env}.log"), out)
puts JSON.pretty_generate("rails" => Rails.version, "env" => env, "requests" => ids)
