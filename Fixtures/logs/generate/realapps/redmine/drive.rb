# Drives Redmine's real pages in-process (Rails.application.call + Rack::MockRequest, like
# Fixtures/logs/generate/gen_rails.rb) as the logged-in admin, one request per page, 300 ms apart.
# usage: REDMINE_INSTANCE=... ruby drive.rb OUTDIR [PG_LOG]
# Writes OUTDIR/rails.log (the slice of the instance's production.log written by the 9 pages),
# OUTDIR/bullet.log (same slice of log/bullet.log), OUTDIR/pg.log (slice of PG_LOG, if given) and
# prints JSON {rails, bullet, requests: [{url, status, request_id}]}.
require_relative "boot"
require "rack/mock"
require "json"

out, pg_log = ARGV
abort "usage: drive.rb OUTDIR [PG_LOG]" unless out
PAGES = %w[/projects /projects/alpha/issues /issues/1 /projects/alpha/issues/gantt /projects/alpha/settings/members
           /projects/alpha/roadmap /time_entries /my/page /admin/projects].freeze

$cookies = {}
def call(method, path, params = nil)
  opts = { method: method, "REMOTE_ADDR" => "127.0.0.1", "HTTP_HOST" => "localhost:3999",
           "HTTP_USER_AGENT" => "querylens-fixture", "HTTP_ACCEPT" => "text/html" }
  opts["HTTP_COOKIE"] = $cookies.map { |k, v| "#{k}=#{v}" }.join("; ") unless $cookies.empty?
  opts[:params] = params if params
  status, headers, body = Rails.application.call(Rack::MockRequest.env_for(path, opts))
  text = +""
  body.each { |part| text << part }
  body.close if body.respond_to?(:close)
  Array(headers["Set-Cookie"]).flat_map { |c| c.split("\n") }.each do |c|
    k, v = c.split(";", 2).first.split("=", 2)
    $cookies[k] = v
  end
  [status, headers, text]
end

# log in through the real login form (not part of the captured slice)
_, _, html = call("GET", "/login")
token = html[/name="authenticity_token" value="([^"]+)"/, 1] or abort "no CSRF token on /login"
status, headers, = call("POST", "/login", "username" => "admin", "password" => "admin-pass-123", "authenticity_token" => token)
abort "login failed: #{status}" unless status == 302 && headers["Location"] !~ %r{/login}

ActiveRecord::Base.connection_pool.disconnect!  # so the PG log shows the pages' own connection
sleep 0.5
rails_log = Rails.application.config.paths["log"].first
bullet_log = File.join(Redmine.root.to_s, "log", "bullet.log")
Rails.logger.flush if Rails.logger.respond_to?(:flush)
marks = [rails_log, bullet_log, pg_log].compact.to_h { |f| [f, File.exist?(f) ? File.size(f) : 0] }

requests = PAGES.each_with_index.map do |path, i|
  sleep 0.3 if i > 0
  status, headers, = call("GET", path)
  { "url" => path, "status" => status, "request_id" => headers["X-Request-Id"] }
end
ActiveRecord::Base.connection_pool.disconnect!
Rails.logger.flush if Rails.logger.respond_to?(:flush)
sleep 1.0

{ rails_log => "rails.log", bullet_log => "bullet.log", pg_log => "pg.log" }.each do |src, name|
  next unless src
  File.open(src, "rb") { |f| f.seek(marks[src]); File.binwrite(File.join(out, name), f.read) }
end
# the table behind each association Bullet named (for analyze.py to match findings to loops)
assoc_tables = {}
File.read(File.join(out, "bullet.log")).scan(/^  (\w+) => \[(.*)\]$/).each do |model, list|
  list.scan(/:(\w+)/).flatten.each do |a|
    refl = model.safe_constantize&.reflect_on_association(a.to_sym)
    assoc_tables["#{model}.#{a}"] =
      begin
        { "table" => refl.klass.table_name, "macro" => refl.macro.to_s, "through" => refl.through_reflection? ? refl.through_reflection.name.to_s : nil,
          "column" => refl.macro == :belongs_to ? refl.association_primary_key.to_s : refl.foreign_key.to_s }
      rescue StandardError
        nil
      end
  end
end
puts JSON.pretty_generate("rails" => Rails.version, "redmine" => Redmine::VERSION.to_s,
                          "bullet" => Gem.loaded_specs["bullet"].version.to_s, "adapter" => ActiveRecord::Base.connection_db_config.adapter,
                          "requests" => requests, "bullet_association_tables" => assoc_tables)
