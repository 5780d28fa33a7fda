# Creates the fixture data through Redmine's own models (run: ruby seed.rb, REDMINE_INSTANCE set).
# Deterministic apart from timestamps: Random.new(42); dates relative to today so the gantt and
# roadmap show them.
require_relative "boot"
Bullet.enable = false
rng = Random.new(42)
today = Date.today

ActiveRecord::Base.logger.silence do
  ActiveRecord::Base.transaction do
    admin = User.find_by!(login: "admin")
    admin.password = admin.password_confirmation = "admin-pass-123"
    admin.must_change_passwd = false
    admin.save!
    User.current = admin
    Setting.default_language = "en"
    Setting.text_formatting = "common_mark"

    bug, feature, support = %w[Bug Feature Support].map { |n| Tracker.find_by!(name: n) }
    manager, developer, reporter = %w[Manager Developer Reporter].map { |n| Role.find_by!(name: n) }
    statuses = IssueStatus.sorted.to_a  # New, In Progress, Resolved, Feedback, Closed, Rejected
    priorities = IssuePriority.active.to_a
    activities = TimeEntryActivity.active.to_a

    users = %w[alice bob carol dave erin frank grace heidi].map.with_index do |login, i|
      u = User.new(firstname: login.capitalize, lastname: "Tester#{i + 1}", mail: "#{login}@example.test", language: "en")
      u.login = login
      u.password = u.password_confirmation = "password-#{login}"
      u.save!
      u
    end

    # custom fields on trackers (and one on projects, one on time entries)
    severity = IssueCustomField.create!(name: "Severity", field_format: "list", possible_values: %w[low medium high critical],
                                        is_for_all: true, is_filter: true, trackers: [bug, support])
    customer = IssueCustomField.create!(name: "Customer", field_format: "string", is_for_all: true, trackers: [bug, support, feature])
    points = IssueCustomField.create!(name: "Story points", field_format: "int", is_for_all: true, trackers: [feature])
    found_in = IssueCustomField.create!(name: "Found in build", field_format: "string", is_for_all: true, trackers: [bug])
    dept = ProjectCustomField.create!(name: "Department", field_format: "string", visible: true)
    billable = TimeEntryCustomField.create!(name: "Billable", field_format: "bool", visible: true)

    projects = [["Alpha Web Shop", "alpha", users[0, 4]], ["Beta Mobile App", "beta", users[4, 4]]].map do |name, ident, members|
      p = Project.new(name: name, identifier: ident, is_public: true, description: "#{name} (QueryLens fixture)")
      p.trackers = [bug, feature, support]
      p.enabled_module_names = %w[issue_tracking time_tracking news documents files wiki boards calendar gantt]
      p.custom_field_values = { dept.id.to_s => ident == "alpha" ? "Web" : "Mobile" }
      p.save!
      [[manager], [developer], [developer, reporter], [reporter]].each_with_index do |roles, i|
        Member.create!(project: p, user: members[i], roles: roles)
      end
      versions = [["1.0", -20, "closed"], ["1.1", 10, "open"], ["2.0", 40, "open"]].map do |vn, off, st|
        Version.create!(project: p, name: "#{ident}-#{vn}", effective_date: today + off, status: "open").tap do |v|
          v.update!(status: st) if st != "open"
        end
      end
      IssueCategory.create!(project: p, name: "Backend")
      IssueCategory.create!(project: p, name: "UI")
      [p, members, versions]
    end

    issues = []
    30.times do |i|
      p, members, versions = i < 20 ? projects[0] : projects[1]
      tracker = [bug, feature, support][i % 3]
      author = members[i % 4]
      User.current = author
      start = today - 15 + rng.rand(20)
      issue = Issue.new(project: p, tracker: tracker, author: author, subject: "#{tracker.name} #{i + 1}: #{%w[checkout login search cart sync push profile upload][i % 8]} problem",
                        description: "Steps to reproduce for issue #{i + 1}.", status: statuses[0],
                        priority: priorities[i % priorities.size], assigned_to: members[(i + 1) % 3],
                        fixed_version: versions[1 + (i % 2)], category: p.issue_categories[i % 2],
                        start_date: start, due_date: start + 3 + rng.rand(20), estimated_hours: 1 + rng.rand(16))
      cfv = { customer.id.to_s => "Customer #{(i % 5) + 1}" }
      cfv[severity.id.to_s] = %w[low medium high critical][i % 4] if tracker != feature
      cfv[points.id.to_s] = ((i % 5) + 1).to_s if tracker == feature
      cfv[found_in.id.to_s] = "build-#{100 + i}" if tracker == bug
      issue.custom_field_values = cfv
      issue.save!
      issues << issue
    end
    Issue.find(issues[3].id).update!(parent_issue_id: issues[0].id)  # one subtask

    # journals: notes + status changes; issue 1 gets 15, the others 1..3
    issues.each_with_index do |issue, i|
      p, members, = issue.project == projects[0][0] ? projects[0] : projects[1]
      n = i == 0 ? 15 : 1 + (i % 3)
      n.times do |j|
        u = members[(i + j) % 4]
        User.current = u
        issue = Issue.find(issue.id)  # fresh object per change, as each web request has
        issue.init_journal(u, "Comment #{j + 1} on ##{issue.id} by #{u.login}")
        issue.status = statuses[[1, 3, 1, 2, 4][j % 5]] if j.even? || i == 0
        issue.done_ratio = [10 * (j + 1), 100].min if j.odd?
        issue.save!
      end
    end

    # time entries
    issues.each_with_index do |issue, i|
      next if i % 3 == 2
      members = issue.project.members.map(&:user)
      (1 + i % 2).times do |k|
        u = members[(i + k) % members.size]
        TimeEntry.create!(project: issue.project, issue: issue, user: u, author: u, hours: 0.5 + rng.rand(8),
                          spent_on: today - rng.rand(10), activity: activities[(i + k) % activities.size],
                          comments: "work on ##{issue.id}", custom_field_values: { billable.id.to_s => (i % 2).to_s })
      end
    end
  end
end
summary = { projects: Project.count, users: User.where(type: "User").count, members: Member.count, member_roles: MemberRole.count,
            trackers: Tracker.count, issue_custom_fields: IssueCustomField.count, versions: Version.count, issues: Issue.count,
            journals: Journal.count, journal_details: JournalDetail.count, time_entries: TimeEntry.count,
            journals_of_issue_1: Journal.where(journalized_id: 1).count }
puts summary.to_json
