<?php
// Generate Fixtures/logs/apps/eloquent/{sqlite,postgres}.log with Debian's php-illuminate-database
// (Eloquent 8.83.26 via Capsule), php-illuminate-events and php-monolog 2.9.1. No composer.
//
// usage: php Fixtures/logs/generate/apps/eloquent/gen_eloquent.php sqlite|postgres OUTFILE
//   postgres needs a server on 127.0.0.1:55492 (trust auth) with a database ql_eloquent.
//
// Schema + seed data (7 authors, 20 books, author of book i = ((3i) mod 7)+1) are created before
// the listener is registered.  Query logging is the DB::listen recipe from Laravel's database
// documentation, writing through a Monolog logger configured the way Laravel 8's LogManager builds
// its "single"/"daily" channels: channel name = app environment ("local"), StreamHandler,
// LineFormatter(null, 'Y-m-d H:i:s', allowInlineLineBreaks: true, ignoreEmptyContextAndExtra: true)
// and Log::info($query->sql, ['bindings' => $query->bindings, 'time' => $query->time]).
// Each request is preceded by one marker line through the same logger.
//   R1 N+1 page:       Book::orderBy('id')->limit(10)->get(), then $book->author for each (1 + 10)
//   R2 eager page:     Book::with('author')->orderBy('id')->limit(10)->get()               (2)
//   R3 repeated query: Author::find(1) three times                                         (3)
//   R4 count loop:     Book::where('author_id', $id)->count() for author ids 1..5          (5)

require '/usr/share/php/Illuminate/Database/autoload.php';
require '/usr/share/php/Illuminate/Events/autoload.php';
require '/usr/share/php/Monolog/autoload.php';

use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Events\Dispatcher;
use Monolog\Formatter\LineFormatter;
use Monolog\Handler\StreamHandler;
use Monolog\Logger;

[$kind, $out] = [$argv[1] ?? null, $argv[2] ?? null];
if (!in_array($kind, ['sqlite', 'postgres'], true) || !$out) {
    fwrite(STDERR, "usage: gen_eloquent.php sqlite|postgres OUTFILE\n");
    exit(2);
}

$capsule = new Capsule;
if ($kind === 'sqlite') {
    $path = '/tmp/ql-orms-eloquent.sqlite';
    @unlink($path);
    touch($path);
    $capsule->addConnection(['driver' => 'sqlite', 'database' => $path, 'prefix' => '']);
} else {
    $capsule->addConnection([
        'driver' => 'pgsql', 'host' => '127.0.0.1', 'port' => 55492, 'database' => 'ql_eloquent',
        'username' => 'postgres', 'password' => '', 'charset' => 'utf8', 'prefix' => '', 'schema' => 'public',
    ]);
}
$capsule->setEventDispatcher(new Dispatcher(new Container));
$capsule->setAsGlobal();
$capsule->bootEloquent();

class Author extends Model
{
    public $timestamps = false;
    public function books() { return $this->hasMany(Book::class); }
}

class Book extends Model
{
    public $timestamps = false;
    public function author() { return $this->belongsTo(Author::class); }
}

$schema = Capsule::schema();
$schema->dropIfExists('books');
$schema->dropIfExists('authors');
$schema->create('authors', function (Blueprint $t) {
    $t->increments('id');
    $t->string('name');
});
$schema->create('books', function (Blueprint $t) {
    $t->increments('id');
    $t->string('title');
    $t->integer('author_id')->unsigned();
    $t->foreign('author_id')->references('id')->on('authors');
});
for ($i = 1; $i <= 7; $i++) {
    Capsule::table('authors')->insert(['id' => $i, 'name' => "Author $i"]);
}
for ($i = 1; $i <= 20; $i++) {
    Capsule::table('books')->insert(['id' => $i, 'title' => "Book $i", 'author_id' => ((3 * $i) % 7) + 1]);
}

@unlink($out);
$log = new Logger('local');
$handler = new StreamHandler($out, Logger::DEBUG);
$handler->setFormatter(new LineFormatter(null, 'Y-m-d H:i:s', true, true));
$log->pushHandler($handler);

$capsule->getConnection()->listen(function ($query) use ($log) {
    $log->info($query->sql, ['bindings' => $query->bindings, 'time' => $query->time]);
});

$requests = [
    ['R1', 'N+1 page', function () {
        foreach (Book::orderBy('id')->limit(10)->get() as $b) { $b->author->name; }
    }],
    ['R2', 'eager page', function () {
        foreach (Book::with('author')->orderBy('id')->limit(10)->get() as $b) { $b->author->name; }
    }],
    ['R3', 'repeated query', function () {
        for ($k = 0; $k < 3; $k++) { Author::find(1)->name; }
    }],
    ['R4', 'count loop', function () {
        foreach ([1, 2, 3, 4, 5] as $id) { Book::where('author_id', $id)->count(); }
    }],
];
foreach ($requests as $i => [$name, $title, $work]) {
    if ($i > 0) { usleep(200000); }
    $log->info("request $name $title");
    $work();
}
$handler->close();
echo "eloquent " . Capsule::connection()->getDriverName() . " -> $out\n";
