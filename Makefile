# Dossier — the two commands of the README, and a few more.
#
#   make run    install what is missing, build, ingest examples/ (and the
#               seeds in ../shared, read in place, when there) into
#               ./dossier.db, show what the archive holds, fetch the example
#               feeds from a server on 127.0.0.1, then serve the archive's
#               web UI and API at http://$(LISTEN)/ until Ctrl-C
#               (make run SERVE=no stops before serving)
#   make test   install, build (plain and ASan+UBSan), run the whole suite
#
# Tests labelled "shared" read ../shared (the real seeds and fixtures) and
# are skipped when it is absent; .ci/run insists on it under CI=true.

BUILD      ?= build
ASAN_BUILD ?= build-asan
REL_BUILD  ?= build-release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= dossier.db
DOSSIER     = $(BUILD)/dossier
LISTEN     ?= 127.0.0.1:8080
SERVE      ?= yes
SHARED     ?= ../shared

.PHONY: all deps build build-asan build-release run test test-fast eval fuzz valgrind clean

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOSSIER_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_SANITIZE=ON -DDOSSIER_WERROR=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# A user's release build (-O3): what `cmake -DCMAKE_BUILD_TYPE=Release` gives,
# here with warnings as errors so that CI sees any the optimiser finds.
build-release: deps
	@cmake -S . -B $(REL_BUILD) -DCMAKE_BUILD_TYPE=Release -DDOSSIER_WERROR=ON -DDOSSIER_TESTS=OFF >/dev/null
	@cmake --build $(REL_BUILD) -j$(JOBS)

run: build
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@echo "== dossier ingest examples/"
	@$(DOSSIER) --db $(DB) ingest examples
	@if [ -d $(SHARED)/seeds ]; then \
		echo; echo "== dossier ingest $(SHARED)/seeds   (the real seeds, read where they are)"; \
		$(DOSSIER) --db $(DB) ingest $(SHARED)/seeds; fi
	@echo; echo "== dossier stats"
	@$(DOSSIER) --db $(DB) stats
	@echo; echo "== dossier list"
	@$(DOSSIER) --db $(DB) list
	@echo; echo "== dossier search Lloyd Austin --limit 3   (any script, any form of the name)"
	@$(DOSSIER) --db $(DB) search Lloyd Austin --limit 3
	@echo; echo "== dossier entities Austin   (the Texas city and the defence secretary, told apart by context; every form seen)"
	@$(DOSSIER) --db $(DB) entities Austin
	@echo; echo "== dossier timeline --actor 奧斯汀 --actor 董军   (their engagements, each once with every report behind it; either script)"
	@$(DOSSIER) --db $(DB) timeline --actor 奧斯汀 --actor 董军
	@echo; echo "== dossier timeline --type call --json   (JSON Lines, first two)"
	@$(DOSSIER) --db $(DB) timeline --type call --json | head -n 2
	@echo; echo "== dossier stories   (reports of one story grouped: either script, any outlet, and why each joined)"
	@$(DOSSIER) --db $(DB) stories
	@echo; echo "== dossier search 奥斯汀 董军 --collapse --limit 3   (one hit per story)"
	@$(DOSSIER) --db $(DB) search 奥斯汀 董军 --collapse --limit 3
	@echo; echo "== dossier show 12   (ends with its story's other reports)"
	@$(DOSSIER) --db $(DB) show 12
	@echo; sh scripts/demo-fetch.sh $(DOSSIER) $(BUILD)/tests $(DB)
	@echo; echo "The archive is $(DB); try: $(DOSSIER) --db $(DB) search 沙利文"
	@if [ "$(SERVE)" != no ]; then \
		echo; echo "== dossier serve --listen $(LISTEN)   (open the URL below; Ctrl-C stops)"; \
		$(DOSSIER) --db $(DB) serve --listen $(LISTEN) --quiet || \
		echo "(could not serve on $(LISTEN): try make run LISTEN=127.0.0.1:8090)"; fi

# The whole suite, twice: a plain optimised build and an ASan+UBSan build.
test: build build-asan
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j$(JOBS)

test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Precision, recall and F1 of extraction against the gold annotations
# (docs/ANNOTATION.md): our examples, and the seeds when ../shared is there.
eval: build
	@echo "== dossier eval tests/data/gold/examples"
	@$(DOSSIER) eval --base . tests/data/gold/examples
	@if [ -d $(SHARED)/seeds ]; then \
		echo; echo "== dossier eval tests/data/gold/seeds   (documents in $(SHARED))"; \
		$(DOSSIER) eval --base $(SHARED) tests/data/gold/seeds; \
	else echo "(no $(SHARED)/seeds: the seeds are not evaluated)"; fi
	@echo; echo "== dossier eval --stories tests/data/stories/gold.tsv   (story grouping, over pairs)"
	@$(DOSSIER) eval --stories --base . tests/data/stories/gold.tsv

# Unit tests under valgrind (slow; not part of `make test`).
valgrind: build
	@cd $(BUILD) && ctest -L unit -T memcheck --overwrite MemoryCheckCommandOptions="--leak-check=full --error-exitcode=1"

# libFuzzer targets (clang); run one with e.g.
#   build-fuzz/fuzz/fuzz_record -max_total_time=300 fuzz/corpus/record
fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DDOSSIER_FUZZ=ON -DDOSSIER_TESTS=OFF -DDOSSIER_WERROR=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(REL_BUILD) build-fuzz
