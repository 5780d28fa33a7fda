# Boots Debian's Redmine (/usr/share/redmine) in this process, for the instance named by
# REDMINE_INSTANCE (/var/lib/redmine/$REDMINE_INSTANCE), with the settings QueryLens needs added
# from outside the Debian tree:
#   * log level :debug (Debian's Redmine logs at :info in production) so every SQL statement,
#     its binds and its "↳ app/..." source line (verbose_query_logs) reach production.log;
#   * Bullet (Debian trixie ruby-bullet 7.2.0, see gen_redmine.sh) enabled in the same requests,
#     writing to the Rails log and to the instance's log/bullet.log.
# Nothing under /usr/share/redmine is modified.
ENV["RAILS_ENV"] ||= "production"
ENV["BUNDLE_GEMFILE"] ||= "/tmp/ql-redmine/gem/Gemfile"
abort "set REDMINE_INSTANCE" unless ENV["REDMINE_INSTANCE"]
Dir.chdir("/usr/share/redmine")
require "/usr/share/redmine/config/application"

Rails.application.configure do
  config.log_level = :debug
  config.active_record.verbose_query_logs = true
  config.after_initialize do
    Bullet.enable = true
    Bullet.rails_logger = true
    Bullet.add_footer = false
    Bullet.console = false
    # Bullet.bullet_logger = true would open Rails.root/log/bullet.log, i.e. inside the read-only
    # Debian tree /usr/share/redmine; do exactly what it does, but in the instance's log dir.
    bullet_log = File.open(File.join(Redmine.root.to_s, "log", "bullet.log"), "a+")
    bullet_log.sync = true
    UniformNotifier.customized_logger = bullet_log
  end
end
Rails.application.initialize!
