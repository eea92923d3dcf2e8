/**
 * Pipeline-parallel training in the style of JaxPP: schedules are plain data
 * ({@link dev.graft.pipeline.schedule}), checked statically before they run, executed
 * by one asynchronous worker per device ({@link dev.graft.pipeline.runtime}), and
 * recorded as timelines ({@link dev.graft.pipeline.trace}).
 */
package dev.graft.pipeline;
