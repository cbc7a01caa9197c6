#!/usr/bin/env bash
# konto side by side with knotter (a Rust personal CRM on SQLite) and taskwarrior, in one
# run on this machine: `remind` time (hyperfine, medians) and peak memory (/usr/bin/time),
# at each size. Not part of `cargo test`; docs/performance.md shows what it printed.
#
#   scripts/compare.sh [KNOTTER_SOURCE_DIR]        (or KNOTTER_SRC=...; SIZES="1000 10000")
#
# Needs hyperfine, GNU time and sqlite3 (Debian: hyperfine, time, sqlite3) and, for the
# third column, taskwarrior (Debian: taskwarrior). knotter is not on the package registry:
# give its source folder (a clone of tomatyss/knotter) and it is built here; without one,
# or if it does not build, the script says so and compares against taskwarrior only.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"1000 10000"}
work=${WORK:-target/compare}
knotter_src=${1:-${KNOTTER_SRC:-}}
mkdir -p "$work"
work=$(cd "$work" && pwd)

need() { command -v "$1" >/dev/null 2>&1 || { echo "compare.sh: $1 is needed ($2)" >&2; exit 1; }; }
need hyperfine "Debian package hyperfine"
need sqlite3 "Debian package sqlite3"
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is needed (Debian package time)" >&2; exit 1; }

cargo build --release --quiet
konto="$PWD/target/release/konto"

knotter=""
if [ -n "$knotter_src" ] && [ -f "$knotter_src/Cargo.toml" ]; then
  if cargo build --release --quiet --manifest-path "$knotter_src/Cargo.toml" -p knotter-cli; then
    knotter="$knotter_src/target/release/knotter"
  else
    echo "knotter did not build from $knotter_src: comparing against taskwarrior only" >&2
  fi
else
  echo "no knotter source given (scripts/compare.sh KNOTTER_SOURCE_DIR): comparing against taskwarrior only" >&2
fi
task=$(command -v task || true)
[ -n "$task" ] || echo "taskwarrior is not installed: its column is left out" >&2

# Peak resident memory in KiB: the median of five runs.
peak() {
  for _ in 1 2 3 4 5; do
    env "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 3p
}

today=$(date +%Y-%m-%d)
for n in $sizes; do
  dir="$work/$n"
  mkdir -p "$dir"
  book="$dir/book.ron"
  [ -f "$book" ] || "$konto" demo --clients "$n" --seed 7 --out "$book" 2>/dev/null
  export XDG_CACHE_HOME="$dir/cache"
  "$konto" --data "$book" --today "$today" remind >/dev/null # writes the cache

  commands=("$konto --data $book --today $today remind")
  names=("konto remind (warm cache)")
  memory=("$(peak /usr/bin/time -f %M "$konto" --data "$book" --today "$today" remind)")
  commands+=("env KONTO_CACHE=off $konto --data $book --today $today remind")
  names+=("konto remind (no cache)")
  memory+=("$(peak KONTO_CACHE=off /usr/bin/time -f %M "$konto" --data "$book" --today "$today" remind)")
  # An edit: one note added to the client ranked first, saved (the book grows a little
  # with every run, as knotter's database does with its notes).
  clients=$("$konto" --data "$book" --today "$today" export csv)
  client=$(sed -n 2p <<<"$clients" | cut -d, -f1)
  commands+=("$konto --data $book --today $today note $client Called")
  names+=("konto note (one edit, saved)")
  memory+=("$(peak /usr/bin/time -f %M "$konto" --data "$book" --today "$today" note "$client" Called)")
  # Exports and the report print the whole book (peak memory against remind's).
  for export in "export json" "export ics" "export csv" "report"; do
    commands+=("$konto --data $book --today $today $export")
    names+=("konto $export")
    # shellcheck disable=SC2086 # the words of $export are the command's own
    memory+=("$(peak /usr/bin/time -f %M "$konto" --data "$book" --today "$today" $export)")
  done

  if [ -n "$knotter" ]; then
    db="$dir/knotter.db"
    if [ ! -f "$db" ]; then
      # The same number of people, half of them due: a cadence and a next touchpoint
      # spread over the month around today, as konto's demo book has.
      for i in $(seq 1 "$n"); do
        printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact %s\r\nEMAIL:contact%s@client%s.example\r\nEND:VCARD\r\n' "$i" "$i" "$((i % 97))"
      done >"$dir/contacts.vcf"
      "$knotter" --db-path "$db" import vcf "$dir/contacts.vcf" >/dev/null
      sqlite3 "$db" "UPDATE contacts SET cadence_days = 30,
        next_touchpoint_at = strftime('%s','now') + ((rowid % 60) - 30) * 86400;"
    fi
    commands+=("$knotter --db-path $db remind --no-notify")
    names+=("knotter remind")
    memory+=("$(peak /usr/bin/time -f %M "$knotter" --db-path "$db" remind --no-notify)")
    contacts=$("$knotter" --db-path "$db" list --json)
    contact=$(grep -m1 '"id"' <<<"$contacts" | cut -d'"' -f4)
    commands+=("$knotter --db-path $db add-note $contact --note Called")
    names+=("knotter add-note (one edit, saved)")
    memory+=("$(peak /usr/bin/time -f %M "$knotter" --db-path "$db" add-note "$contact" --note Called)")
  fi

  if [ -n "$task" ]; then
    data="$dir/task"
    if [ ! -d "$data" ]; then
      mkdir -p "$data"
      for i in $(seq 1 "$n"); do
        printf '{"description":"Call contact %s","status":"pending","entry":"20261001T000000Z","due":"%s"}\n' \
          "$i" "$(date -u -d "$today $(( (i % 60) - 30 )) days" +%Y%m%dT000000Z)"
      done >"$dir/tasks.json"
      TASKDATA="$data" TASKRC=/dev/null "$task" rc.confirmation=off import "$dir/tasks.json" >/dev/null 2>&1
    fi
    commands+=("env TASKDATA=$data TASKRC=/dev/null $task rc.verbose=nothing +DUE list")
    names+=("taskwarrior +DUE list")
    memory+=("$(peak TASKDATA="$data" TASKRC=/dev/null /usr/bin/time -f %M "$task" rc.verbose=nothing +DUE list)")
  fi

  args=()
  for i in "${!commands[@]}"; do
    args+=(-n "${names[$i]}" "${commands[$i]}")
  done
  hyperfine -N --warmup 3 --runs 20 --export-csv "$dir/times.csv" "${args[@]}" >/dev/null 2>&1

  echo
  echo "### $n clients (konto), $n contacts (knotter), $n tasks (taskwarrior)"
  echo
  echo "| command | median | peak memory | answer |"
  echo "|---|---|---|---|"
  for i in "${!names[@]}"; do
    # times.csv: a header, then command,mean,stddev,median,… a row per command, in order.
    median=$(awk -F, -v row=$((i + 2)) 'NR == row { print $(NF - 4) }' "$dir/times.csv")
    # How much each prints (not for the edits: running one again would edit again): the
    # reminder lists are not the same length, and printing is part of their time.
    answer="-"
    case "${names[$i]}" in
      *"one edit"*) ;;
      *) answer="$(bash -c "${commands[$i]}" 2>/dev/null | wc -c) bytes" ;;
    esac
    printf '| %s | %.1f ms | %.1f MiB | %s |\n' "${names[$i]}" \
      "$(awk "BEGIN { print $median * 1000 }")" "$(awk "BEGIN { print ${memory[$i]} / 1024 }")" "$answer"
  done
  echo
  echo "book: $(du -h "$book" | cut -f1)"
done
