#!/bin/sh
# usage: sh Fixtures/logs/generate/apps/hibernate/gen_hibernate.sh
# Debian 12: openjdk-17-jdk, libhibernate3-java 3.6.10, libjavassist-java, liblog4j1.2-java,
# libslf4j-java, libpostgresql-jdbc-java; PostgreSQL on 127.0.0.1:55492 (trust), database ql_hibernate.
# Writes apps/hibernate/postgres.log = the program's stdout (show_sql output + log4j ConsoleAppender)
# and apps/hibernate/postgres-log4j.log (show_sql off, org.hibernate.SQL via a log4j FileAppender).
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../../../apps/hibernate" && pwd)
J=/usr/share/java
CP=$J/hibernate3.jar:$J/antlr.jar:$J/commons-collections3.jar:$J/dom4j.jar:$J/geronimo-jta-1.2-spec.jar
CP=$CP:$J/geronimo-jpa_2.0_spec.jar:$J/hibernate-commons-annotations.jar:$J/javassist.jar
CP=$CP:$J/slf4j-api.jar:$J/slf4j-log4j12.jar:$J/log4j-1.2.jar:$J/postgresql.jar
build=/tmp/ql-orms-hibernate-classes
rm -rf "$build" && mkdir -p "$build"
javac -nowarn -d "$build" -cp "$CP" "$here"/src/bookstore/*.java
cp "$here/src/hibernate.cfg.xml" "$here/src/log4j.properties" "$here/src/log4j-sql-logger.properties" "$build/"
cp "$here/src/bookstore/Bookstore.hbm.xml" "$build/bookstore/"
psql -X -q -h 127.0.0.1 -p 55492 -U postgres -d ql_hibernate -f "$here/schema.sql"
cd "$build"
# 1) show_sql=true + format_sql=true (stdout) and log4j ConsoleAppender (stdout), org.hibernate.type=trace
java -cp "$build:$CP" bookstore.Main > "$out/postgres.log"
# 2) show_sql=false, org.hibernate.SQL=debug + BasicBinder=trace through a log4j FileAppender
psql -X -q -h 127.0.0.1 -p 55492 -U postgres -d ql_hibernate -f "$here/schema.sql"
rm -f "$out/postgres-log4j.log"
java -Dql.show_sql=false -Dlog4j.configuration=log4j-sql-logger.properties -Dql.out="$out/postgres-log4j.log" \
    -cp "$build:$CP" bookstore.Main > /dev/null
