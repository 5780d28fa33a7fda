# Minimal single-file Rails 6.1 application (Debian's rails packages, no bundler).
# Loaded by ../gen_rails.rb, which sets RAILS_ENV and DATABASE_URL before requiring it.
require "rails"
require "active_record/railtie"
require "action_controller/railtie"

class BlogApp < Rails::Application
  config.root = __dir__
  config.secret_key_base = "querylens-fixture-not-a-secret"
  config.hosts.clear
  config.active_support.deprecation = :silence
  config.active_record.verbose_query_logs = Rails.env.development?
  if Rails.env.production?
    # what Rails 6.1's generated config/environments/production.rb does, logging to a file
    config.eager_load = true
    config.log_level = :debug # so the SQL lines appear
    config.log_tags = [:request_id]
    config.log_formatter = ::Logger::Formatter.new
    logger = ActiveSupport::Logger.new(File.join(__dir__, "log", "production.log"))
    logger.formatter = config.log_formatter
    config.logger = ActiveSupport::TaggedLogging.new(logger)
  else
    config.eager_load = false # development defaults: log/development.log, colorized
  end
end

Rails.application.initialize!

Rails.application.routes.draw do
  get "/posts", to: "posts#index"
  get "/posts/cached", to: "posts#cached"
  get "/posts/with_authors", to: "posts#with_authors"
end
