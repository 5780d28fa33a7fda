function __querylens_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __querylens_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __querylens_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __querylens_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __querylens_parse_tokens -S
    set -l unparsed_tokens (__querylens_tokens -pc)
    switch $unparsed_tokens[1]
    case 'querylens'
        __querylens_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'analyze'
            __querylens_parse_subcommand -r 1 'input-format=' 'log-line-prefix=' 'idle-gap=' 'q/quiet' 'profile=' 'min-repeats=' 'min-units=' 'min-duration=' 'dialect=' 'show-values' 'config=' 'database=' 'analyze' 'min-index-benefit=' 'jobs=' 'f/format=' 'o/output=' 'version' 'h/help'
        case 'check'
            __querylens_parse_subcommand -r 1 'input-format=' 'log-line-prefix=' 'idle-gap=' 'q/quiet' 'profile=' 'min-repeats=' 'min-units=' 'min-duration=' 'dialect=' 'show-values' 'config=' 'database=' 'analyze' 'min-index-benefit=' 'jobs=' 'baseline=' 'update-baseline' 'fail-on=' 'max-repeats=' 'min-wasted-ms=' 'tolerance=' 'f/format=' 'o/output=' 'version' 'h/help'
        case 'baseline'
            __querylens_parse_subcommand -r 1 'input-format=' 'log-line-prefix=' 'idle-gap=' 'q/quiet' 'profile=' 'min-repeats=' 'min-units=' 'min-duration=' 'dialect=' 'show-values' 'config=' 'database=' 'analyze' 'min-index-benefit=' 'jobs=' 'o/output=' 'version' 'h/help'
        case 'inspect'
            __querylens_parse_subcommand -r 1 'database=' 'window=' 'input-format=' 'min-index-benefit=' 'f/format=' 'o/output=' 'q/quiet' 'version' 'h/help'
        case 'indexes'
            __querylens_parse_subcommand -r 1 'database=' 'from=' 'input-format=' 'analyze' 'min-index-benefit=' 'f/format=' 'version' 'h/help'
        case 'record'
            __querylens_parse_subcommand -r 1 'listen=' 'upstream=' 'tls-cert=' 'tls-key=' 'sqlite' 'o/output=' 'threads=' 'q/quiet' 'analyze-on-exit' 'check' 'baseline=' 'version' 'h/help'
        case 'collect'
            __querylens_parse_subcommand 0 'listen=' 'grpc-listen=' 'o/output=' 'f/format=' 'events=' 'write-baseline=' 'trace-idle=' 'trace-timeout=' 'max-open-traces=' 'max-spans-per-trace=' 'q/quiet' 'profile=' 'min-repeats=' 'min-units=' 'min-duration=' 'dialect=' 'show-values' 'config=' 'database=' 'analyze' 'min-index-benefit=' 'jobs=' 'version' 'h/help'
        case 'merge'
            __querylens_parse_subcommand -r 1 'f/format=' 'o/output=' 'version' 'h/help'
        case 'events'
            __querylens_parse_subcommand -r 1 'input-format=' 'log-line-prefix=' 'idle-gap=' 'q/quiet' 'units' 'show-values' 'version' 'h/help'
        case 'sql'
            __querylens_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'tokens'
                __querylens_parse_subcommand 1 'f/file=' 'version' 'h/help'
            case 'normalize'
                __querylens_parse_subcommand 1 'f/file=' 'json' 'show-values' 'version' 'h/help'
            case 'fingerprint'
                __querylens_parse_subcommand 1 'f/file=' 'version' 'h/help'
            case 'shape'
                __querylens_parse_subcommand 1 'f/file=' 'version' 'h/help'
            end
        case 'version'
            __querylens_parse_subcommand 0 'version' 'h/help'
        case 'help'
            __querylens_parse_subcommand -r 1 'version'
        end
    end
end

function __querylens_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __querylens_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __querylens_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __querylens_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__querylens_tokens -p)
    if test -z "$(__querylens_tokens -t)"
        set -l index (count (__querylens_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'querylens' -f
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'analyze' -d 'Find N+1 queries, N+1 writes and repeated queries in query logs, with the fix for each.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'check' -d 'Fail a CI run on new N+1 queries: exit 1 when a finding is new or grew, 0 otherwise.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'baseline' -d 'Record the findings of these logs (or of a database\'s inspection) as accepted, for `check --baseline`.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'inspect' -d 'Inspect a live database: its heaviest statements, N+1 suspects, and missing, unused, duplicate and invalid indexes.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'indexes' -d 'Suggest compound indexes for the statements of logs (or of pg_stat_statements), verified on the live planner.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'record' -d 'Record an application\'s queries as QueryLens JSONL: around a command (PostgreSQL or SQLite), or as a proxy left running.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'collect' -d 'Receive OpenTelemetry traces over OTLP/HTTP and find N+1 queries and N+1 HTTP calls in them as they arrive.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'merge' -d 'Merge JSON reports (of several `collect` receivers, or runs over parts of a log) into one report.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'events' -d 'Print the query events QueryLens reads from logs, as QueryLens JSONL.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'sql' -d 'Show how QueryLens reads SQL: tokens, normalized text, fingerprints, shapes.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'version' -d 'Print the version, the fingerprint algorithm version and the linked C libraries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" input-format' -l 'input-format' -d 'The log format, instead of detecting it per file: postgres-stderr, postgres-csv, postgres-json, rails, django, sqlalchemy, peewee, sequel, eloquent, gorm, hibernate, efcore, sequelize, prisma, typeorm, ecto, otlp-json, jsonl, sql.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" log-line-prefix' -l 'log-line-prefix' -d 'The server\'s log_line_prefix, for PostgreSQL stderr logs whose prefix is not detected (e.g. \'%m [%p] %q%u@%d \').' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" idle-gap' -l 'idle-gap' -d 'The pause (milliseconds) that ends a unit of work on one session, instead of learning it from the session\'s own gaps.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" q quiet' -l 'quiet' -s 'q' -d 'No progress line on standard error (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" profile' -l 'profile' -d 'Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).' -rfka 'default test production'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" min-repeats' -l 'min-repeats' -d 'Executions of one statement in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" min-units' -l 'min-units' -d 'Units a pattern must appear in before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" min-duration' -l 'min-duration' -d 'Milliseconds a loop must cost in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" dialect' -l 'dialect' -d 'The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).' -rfka 'postgresql sqlite unknown'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" show-values' -l 'show-values' -d 'Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" config' -l 'config' -d 'The configuration file (default: the nearest .querylens.yml in this directory or above).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" database' -l 'database' -d 'A live database, read-only, for missing-index findings and the plans of batched queries: a PostgreSQL URI or conninfo, or a SQLite file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" analyze' -l 'analyze' -d 'With a PostgreSQL --database: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" min-index-benefit' -l 'min-index-benefit' -d 'With --database: milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" jobs' -l 'jobs' -d 'Threads that read and analyze logs (default: one per core): rotated files side by side, one large file read while another thread finds its units and patterns. The report is the same for any number; 1 runs everything on one thread.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" f format' -l 'format' -s 'f' -d 'Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).' -rfka 'text json sarif junit markdown github html'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" o output' -l 'output' -s 'o' -d 'Write the report to this file instead of standard output.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens analyze" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" input-format' -l 'input-format' -d 'The log format, instead of detecting it per file: postgres-stderr, postgres-csv, postgres-json, rails, django, sqlalchemy, peewee, sequel, eloquent, gorm, hibernate, efcore, sequelize, prisma, typeorm, ecto, otlp-json, jsonl, sql.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" log-line-prefix' -l 'log-line-prefix' -d 'The server\'s log_line_prefix, for PostgreSQL stderr logs whose prefix is not detected (e.g. \'%m [%p] %q%u@%d \').' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" idle-gap' -l 'idle-gap' -d 'The pause (milliseconds) that ends a unit of work on one session, instead of learning it from the session\'s own gaps.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" q quiet' -l 'quiet' -s 'q' -d 'No progress line on standard error (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" profile' -l 'profile' -d 'Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).' -rfka 'default test production'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" min-repeats' -l 'min-repeats' -d 'Executions of one statement in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" min-units' -l 'min-units' -d 'Units a pattern must appear in before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" min-duration' -l 'min-duration' -d 'Milliseconds a loop must cost in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" dialect' -l 'dialect' -d 'The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).' -rfka 'postgresql sqlite unknown'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" show-values' -l 'show-values' -d 'Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" config' -l 'config' -d 'The configuration file (default: the nearest .querylens.yml in this directory or above).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" database' -l 'database' -d 'A live database, read-only, for missing-index findings and the plans of batched queries: a PostgreSQL URI or conninfo, or a SQLite file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" analyze' -l 'analyze' -d 'With a PostgreSQL --database: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" min-index-benefit' -l 'min-index-benefit' -d 'With --database: milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" jobs' -l 'jobs' -d 'Threads that read and analyze logs (default: one per core): rotated files side by side, one large file read while another thread finds its units and patterns. The report is the same for any number; 1 runs everything on one thread.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" baseline' -l 'baseline' -d 'The baseline of accepted findings (default: the config\'s `baseline`). Without one, every failing finding is new.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" update-baseline' -l 'update-baseline' -d 'Rewrite the baseline without the entries that are gone and with lower counts where runs improved (new findings are not added).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" fail-on' -l 'fail-on' -d 'Comma-separated finding kinds that fail the run (default: n_plus_one,n_plus_one_sequence,n_plus_one_write,n_plus_one_http).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" max-repeats' -l 'max-repeats' -d 'Fail only findings that ran more than this many times in one unit (default 0: any).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" min-wasted-ms' -l 'min-wasted-ms' -d 'Fail only findings that waste at least this many milliseconds (their time minus one batched query\'s).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" tolerance' -l 'tolerance' -d 'How much a baseline finding may grow, in executions per unit, before it fails (default 0.2 = 20%).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" f format' -l 'format' -s 'f' -d 'Format of the failing findings: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).' -rfka 'text json sarif junit markdown github html'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" o output' -l 'output' -s 'o' -d 'Write the failing findings to this file instead of standard output.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" input-format' -l 'input-format' -d 'The log format, instead of detecting it per file: postgres-stderr, postgres-csv, postgres-json, rails, django, sqlalchemy, peewee, sequel, eloquent, gorm, hibernate, efcore, sequelize, prisma, typeorm, ecto, otlp-json, jsonl, sql.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" log-line-prefix' -l 'log-line-prefix' -d 'The server\'s log_line_prefix, for PostgreSQL stderr logs whose prefix is not detected (e.g. \'%m [%p] %q%u@%d \').' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" idle-gap' -l 'idle-gap' -d 'The pause (milliseconds) that ends a unit of work on one session, instead of learning it from the session\'s own gaps.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" q quiet' -l 'quiet' -s 'q' -d 'No progress line on standard error (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" profile' -l 'profile' -d 'Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).' -rfka 'default test production'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" min-repeats' -l 'min-repeats' -d 'Executions of one statement in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" min-units' -l 'min-units' -d 'Units a pattern must appear in before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" min-duration' -l 'min-duration' -d 'Milliseconds a loop must cost in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" dialect' -l 'dialect' -d 'The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).' -rfka 'postgresql sqlite unknown'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" show-values' -l 'show-values' -d 'Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" config' -l 'config' -d 'The configuration file (default: the nearest .querylens.yml in this directory or above).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" database' -l 'database' -d 'A live database, read-only, for missing-index findings and the plans of batched queries: a PostgreSQL URI or conninfo, or a SQLite file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" analyze' -l 'analyze' -d 'With a PostgreSQL --database: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" min-index-benefit' -l 'min-index-benefit' -d 'With --database: milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" jobs' -l 'jobs' -d 'Threads that read and analyze logs (default: one per core): rotated files side by side, one large file read while another thread finds its units and patterns. The report is the same for any number; 1 runs everything on one thread.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" o output' -l 'output' -s 'o' -d 'Where to write the baseline.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens baseline" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" database' -l 'database' -d 'The database: a PostgreSQL URI or conninfo, or a SQLite file (sqlite:PATH, file: URI or path).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" window' -l 'window' -d 'Measure the traffic of this long (30s, 5m, 1h) from two pg_stat_statements snapshots, instead of everything since the last reset.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" input-format' -l 'input-format' -d 'The log format of the inputs, instead of detecting it.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" min-index-benefit' -l 'min-index-benefit' -d 'Milliseconds an index must save across the workload before it is suggested (default 0.5).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" f format' -l 'format' -s 'f' -d 'Report format: text, json, sarif, junit, markdown, github, html.' -rfka 'text json sarif junit markdown github html'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" o output' -l 'output' -s 'o' -d 'Write the report to this file instead of standard output.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" q quiet' -l 'quiet' -s 'q' -d 'No countdown on standard error while --window runs (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" database' -l 'database' -d 'The database: a PostgreSQL URI or conninfo, or a SQLite file (sqlite:PATH, file: URI or path).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" from' -l 'from' -d 'Take the workload from the server instead of logs: pg_stat_statements.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" input-format' -l 'input-format' -d 'The log format, instead of detecting it.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" analyze' -l 'analyze' -d 'On PostgreSQL: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" min-index-benefit' -l 'min-index-benefit' -d 'Milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" f format' -l 'format' -s 'f' -d 'Output format: text or json.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens indexes" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" listen' -l 'listen' -d 'Where the proxy listens (host:port; default 127.0.0.1:6543, or a free port around a command).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" upstream' -l 'upstream' -d 'The real PostgreSQL server: host:port or a postgres:// URI (host, port, and sslmode/sslrootcert for TLS to it). Around a command, the default is its DATABASE_URL.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" tls-cert' -l 'tls-cert' -d 'A PEM certificate (chain) for TLS to clients, so that clients with sslmode=require or verify-full connect through the recorder as they are; with --tls-key.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" tls-key' -l 'tls-key' -d 'The PEM private key of --tls-cert.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" sqlite' -l 'sqlite' -d 'Record SQLite instead: load the tracer library into the command (needs a command).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" o output' -l 'output' -s 'o' -d 'The JSONL file to write, or - for standard output (default around a command: querylens-record.jsonl).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" threads' -l 'threads' -d 'Event-loop threads of the proxy. One (as PgBouncer) leaves the cores to the server and the application; raise it on a large machine with many connections.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" q quiet' -l 'quiet' -s 'q' -d 'As a proxy, no live count on standard error (shown only on a terminal anyway; never around a command, whose output it would mix with).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" analyze-on-exit' -l 'analyze-on-exit' -d 'When recording stops, print the `analyze` report of what was recorded.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" check' -l 'check' -d 'After the command, run `querylens check` on what was recorded: exit 1 on a new finding.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" baseline' -l 'baseline' -d 'With --check: the baseline of accepted findings.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens record" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" listen' -l 'listen' -d 'Where to listen (host:port); 4318 is OTLP/HTTP\'s port.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" grpc-listen' -l 'grpc-listen' -d 'Also accept OTLP/gRPC here (host:port; 4317 is its port): what the Collector\'s load-balancing exporter sends.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" o output' -l 'output' -s 'o' -d 'Where the report goes on SIGHUP and when stopping (default: standard output when stopping).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" f format' -l 'format' -s 'f' -d 'Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).' -rfka 'text json sarif junit markdown github html'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" events' -l 'events' -d 'Also write every statement and HTTP call of every closed trace to this file, as QueryLens JSONL (values redacted unless --show-values).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" write-baseline' -l 'write-baseline' -d 'When stopping, write a baseline of the findings to this file, for `querylens check --baseline`.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" trace-idle' -l 'trace-idle' -d 'Seconds without a new span after which a trace whose root span arrived is closed.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" trace-timeout' -l 'trace-timeout' -d 'Seconds after its first span when a trace is closed even without its root span.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" max-open-traces' -l 'max-open-traces' -d 'Open traces held at most; beyond, exports are answered 503 with Retry-After.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" max-spans-per-trace' -l 'max-spans-per-trace' -d 'Statements and HTTP calls kept per trace; the rest are counted and reported.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" q quiet' -l 'quiet' -s 'q' -d 'No live counts on standard error (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" profile' -l 'profile' -d 'Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).' -rfka 'default test production'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" min-repeats' -l 'min-repeats' -d 'Executions of one statement in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" min-units' -l 'min-units' -d 'Units a pattern must appear in before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" min-duration' -l 'min-duration' -d 'Milliseconds a loop must cost in one unit before it is reported (overrides the profile).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" dialect' -l 'dialect' -d 'The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).' -rfka 'postgresql sqlite unknown'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" show-values' -l 'show-values' -d 'Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" config' -l 'config' -d 'The configuration file (default: the nearest .querylens.yml in this directory or above).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" database' -l 'database' -d 'A live database, read-only, for missing-index findings and the plans of batched queries: a PostgreSQL URI or conninfo, or a SQLite file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" analyze' -l 'analyze' -d 'With a PostgreSQL --database: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" min-index-benefit' -l 'min-index-benefit' -d 'With --database: milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" jobs' -l 'jobs' -d 'Threads that read and analyze logs (default: one per core): rotated files side by side, one large file read while another thread finds its units and patterns. The report is the same for any number; 1 runs everything on one thread.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens collect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens merge" f format' -l 'format' -s 'f' -d 'Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).' -rfka 'text json sarif junit markdown github html'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens merge" o output' -l 'output' -s 'o' -d 'Write the report to this file instead of standard output.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens merge" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" input-format' -l 'input-format' -d 'The log format, instead of detecting it per file: postgres-stderr, postgres-csv, postgres-json, rails, django, sqlalchemy, peewee, sequel, eloquent, gorm, hibernate, efcore, sequelize, prisma, typeorm, ecto, otlp-json, jsonl, sql.' -rfka 'postgres-stderr postgres-csv postgres-json rails django sqlalchemy peewee sequel eloquent gorm hibernate efcore sequelize prisma typeorm ecto otlp-json jsonl sql'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" log-line-prefix' -l 'log-line-prefix' -d 'The server\'s log_line_prefix, for PostgreSQL stderr logs whose prefix is not detected (e.g. \'%m [%p] %q%u@%d \').' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" idle-gap' -l 'idle-gap' -d 'The pause (milliseconds) that ends a unit of work on one session, instead of learning it from the session\'s own gaps.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" q quiet' -l 'quiet' -s 'q' -d 'No progress line on standard error (shown only on a terminal anyway).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" units' -l 'units' -d 'Group events into units of work and print each event with its unit id.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" show-values' -l 'show-values' -d 'Print parameter values (redacted by default: logs hold personal data).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens events" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens sql" -eq 1' -fa 'tokens' -d 'Print each token: byte offset, kind, text.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens sql" -eq 1' -fa 'normalize' -d 'Print the normalized text of each statement, with its comment tags.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens sql" -eq 1' -fa 'fingerprint' -d 'Print each statement\'s fingerprint and normalized text, tab-separated.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_positional "querylens sql" -eq 1' -fa 'shape' -d 'Print each statement\'s shape as JSON: kind, tables, predicates, joins, order, limit.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql tokens" f file' -l 'file' -s 'f' -d 'Read the SQL from this file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql tokens" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql tokens" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql normalize" f file' -l 'file' -s 'f' -d 'Read the SQL from this file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql normalize" json' -l 'json' -d 'Print one JSON object per statement: text, fingerprint, tags, placeholders, keys per execution.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql normalize" show-values' -l 'show-values' -d 'Include the literal values that placeholders replaced (redacted by default).'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql normalize" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql normalize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql fingerprint" f file' -l 'file' -s 'f' -d 'Read the SQL from this file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql fingerprint" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql fingerprint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql shape" f file' -l 'file' -s 'f' -d 'Read the SQL from this file.' -rfka ''
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql shape" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens sql shape" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens version" version' -l 'version' -d 'Show the version.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens version" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'querylens' -n '__querylens_should_offer_completions_for_flags_or_options "querylens help" version' -l 'version' -d 'Show the version.'
