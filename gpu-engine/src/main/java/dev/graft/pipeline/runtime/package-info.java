/**
 * The MPMD runtime on CPU threads: one worker per device runs its task list,
 * workers meet only through point-to-point channels, every wait is bounded.
 */
package dev.graft.pipeline.runtime;
