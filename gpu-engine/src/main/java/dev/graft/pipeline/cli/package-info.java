/** The {@code graft train} subcommand. */
package dev.graft.pipeline.cli;
