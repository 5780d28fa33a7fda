#!/bin/sh
# usage: sh Fixtures/logs/generate/apps/gorm/gen_gorm.sh   (from anywhere; writes apps/gorm/{sqlite,postgres}.log)
# Debian 12: golang-go 1.19, golang-github-jinzhu-gorm-dev, golang-github-mattn-go-sqlite3-dev,
# golang-github-lib-pq-dev; PostgreSQL on 127.0.0.1:55492 (trust) with database ql_gorm.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../../../apps/gorm" && pwd)
export GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=/tmp/ql-orms-gocache GOFLAGS=
cd "$here"
go build -o /tmp/ql-orms-gorm-fixture main.go
/tmp/ql-orms-gorm-fixture sqlite > "$out/sqlite.log"
/tmp/ql-orms-gorm-fixture postgres > "$out/postgres.log"
