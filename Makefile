# Graft: `make demo` runs the main job, `make test` runs every test, `make build`
# builds everything. Each finds its own JDK and installs Coq/OCaml when missing.

SHELL := /bin/bash
JAVA_HOME := $(shell tools/find-jdk.sh)
export JAVA_HOME
MVN := mvn -B -q -Dstyle.color=never
MODEL_DIR := models

JAVA_SOURCES := $(shell find pom.xml gpu-engine truffle-lang conformance launcher \
                  -path '*/target' -prune -o -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print)
GRAFT_JAR := launcher/target/graft.jar

.PHONY: build demo test test-java test-coq test-extracted test-conformance tools java coq extracted clean

build: java coq extracted

tools:
	@test -n "$(JAVA_HOME)" || { echo "graft: no JDK 21+ (see above)"; exit 2; }
	@tools/ensure-maven.sh
	@tools/ensure-ocaml-coq.sh

java: tools $(GRAFT_JAR)

$(GRAFT_JAR): $(JAVA_SOURCES)
	$(MVN) -DskipTests package
	@touch $@

coq: tools
	$(MAKE) -C coq

extracted: coq
	$(MAKE) -C extracted

# The main job on the CPU: the shared Llama model imported, rewritten by the std
# rules and checked against PyTorch's logits; then greedy generation over the paged
# KV cache, checked against full recomputation on the original graph.
demo: build
	./graft run $(MODEL_DIR)/tiny-llama-gqa.onnx --rules std --check $(MODEL_DIR)/tiny-llama-gqa.expected.json
	./graft generate $(MODEL_DIR)/tiny-llama-gqa.dyn.onnx --rules std --prompt-ids 37,235,396,72,255 --max-new-tokens 16 --check

test: build test-coq test-extracted test-java test-conformance

test-coq: coq
	$(MAKE) -C coq test

test-extracted: extracted
	$(MAKE) -C extracted test

test-java: java
	mvn -B -ntp -Dstyle.color=never test

# The Truffle core mode against pypm-ref: the regression corpus, then 10,000
# random cases of a fixed seed (every clause of CORE-SPEC must be reached), then
# the hand-checked answers, then the bench's case file through both, as it is and
# sorted (long and short lines in another order for the reused term tables).
# docs/CONFORMANCE.md has the long mode.
test-conformance: java extracted
	./graft conformance --corpus conformance/corpus --cases 10000 --seed 20261126 --require-coverage
	./graft conformance --expect conformance/expect/spec.answers conformance/expect/spec.cases
	./graft core < bench/core-cases.txt | cmp - <(extracted/pypm-ref < bench/core-cases.txt)
	sort bench/core-cases.txt | ./graft core | cmp - <(sort bench/core-cases.txt | extracted/pypm-ref)

clean:
	$(MVN) clean || true
	$(MAKE) -C coq clean || true
	$(MAKE) -C extracted clean || true
