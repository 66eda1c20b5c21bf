# The two commands of the README, plus helpers. Each target is a script in scripts/.
.PHONY: run test test-ops deb bench bench-facts bench-search sqlx-prepare

run:            ## install what is missing, then serve the map on http://127.0.0.1:8080
	scripts/run

test:           ## install what is missing, then fmt, clippy and every test
	scripts/test

test-ops:       ## the Debian package installed and removed, two instances behind nginx under load, a smoke run of every bench target
	scripts/test-ops

deb:            ## build the Debian package (target/deb/arealbank_<version>_<arch>.deb)
	scripts/package-deb

bench:          ## 1k/10k/100k areas: arealbank vs the raw PostGIS floor, pygeoapi and MapServer (docs/BENCHMARKS.md)
	scripts/bench

bench-facts:    ## recompute facts for 10 000 areas against realistic layers, with plans
	scripts/bench-facts

bench-search:   ## 100 000 areas: a combined search and the map's first load vs the same SQL
	scripts/bench-search

sqlx-prepare:   ## refresh .sqlx/ after changing a query (needs DATABASE_URL)
	scripts/sqlx-prepare
