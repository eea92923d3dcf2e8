/** The {@code graft bench-pipeline} benchmark: bubble fraction against theory. */
package dev.graft.pipeline.bench;
