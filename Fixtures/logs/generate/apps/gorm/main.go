// Generate Fixtures/logs/apps/gorm/{sqlite,postgres}.log with Debian's GORM v1
// (golang-github-jinzhu-gorm-dev 1.9.6), go-sqlite3 1.14.16 and lib/pq 1.10.7, GOPATH mode.
//
// usage: see gen_gorm.sh (builds this file with GO111MODULE=off GOPATH=/usr/share/gocode and
// redirects the program's stdout, where GORM's default logger writes, into the log file).
//
// Schema + seed data (7 authors, 20 books, author of book i = ((3i) mod 7)+1) are created with
// logging off, then db.LogMode(true) (GORM v1's documented switch: "Enable Logger, show detailed
// log").  GORM has no lazy loading; the N+1 is the explicit per-row association load
// db.Model(&book).Related(&book.Author) that v1's docs show for belongs-to.
//   R1 N+1 page:       db.Order("id").Limit(10).Find(&books), then Related(&b.Author) each (1 + 10)
//   R2 eager page:     db.Preload("Author").Order("id").Limit(10).Find(&books)               (2)
//   R3 repeated query: db.First(&author, 1) three times                                     (3)
//   R4 count loop:     db.Model(&Book{}).Where("author_id = ?", id).Count(&n), ids 1..5      (5)
// No marker lines: GORM's logger only prints what GORM does.  Requests are 200 ms apart.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/jinzhu/gorm"
	_ "github.com/jinzhu/gorm/dialects/postgres"
	_ "github.com/jinzhu/gorm/dialects/sqlite"
)

type Author struct {
	ID   uint
	Name string
}

type Book struct {
	ID       uint
	Title    string
	AuthorID uint
	Author   Author
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 2 || (os.Args[1] != "sqlite" && os.Args[1] != "postgres") {
		fmt.Fprintln(os.Stderr, "usage: gorm-fixture sqlite|postgres > OUTFILE")
		os.Exit(2)
	}
	var db *gorm.DB
	var err error
	if os.Args[1] == "sqlite" {
		path := "/tmp/ql-orms-gorm.sqlite3"
		os.Remove(path)
		db, err = gorm.Open("sqlite3", path)
	} else {
		db, err = gorm.Open("postgres", "host=127.0.0.1 port=55492 user=postgres dbname=ql_gorm sslmode=disable")
	}
	must(err)
	defer db.Close()

	must(db.DropTableIfExists(&Book{}, &Author{}).Error)
	must(db.AutoMigrate(&Author{}, &Book{}).Error)
	for i := 1; i <= 7; i++ {
		must(db.Create(&Author{ID: uint(i), Name: fmt.Sprintf("Author %d", i)}).Error)
	}
	for i := 1; i <= 20; i++ {
		must(db.Create(&Book{ID: uint(i), Title: fmt.Sprintf("Book %d", i), AuthorID: uint((3*i)%7 + 1)}).Error)
	}

	db.LogMode(true)

	requests := []func(){
		func() { // R1
			var books []Book
			must(db.Order("id").Limit(10).Find(&books).Error)
			for i := range books {
				must(db.Model(&books[i]).Related(&books[i].Author).Error)
			}
		},
		func() { // R2
			var books []Book
			must(db.Preload("Author").Order("id").Limit(10).Find(&books).Error)
		},
		func() { // R3
			for k := 0; k < 3; k++ {
				var a Author
				must(db.First(&a, 1).Error)
			}
		},
		func() { // R4
			for id := 1; id <= 5; id++ {
				var n int
				must(db.Model(&Book{}).Where("author_id = ?", id).Count(&n).Error)
			}
		},
	}
	for i, work := range requests {
		if i > 0 {
			time.Sleep(200 * time.Millisecond)
		}
		work()
	}
	db.LogMode(false)
	fmt.Fprintf(os.Stderr, "gorm v1 %s done\n", os.Args[1])
}
