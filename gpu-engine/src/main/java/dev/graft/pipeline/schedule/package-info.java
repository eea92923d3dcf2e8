/**
 * Schedules as data: per device, an ordered list of F, B and W tasks. The
 * built-in schedules (GPipe, 1F1B, interleaved 1F1B, ZB-H1), JSON files, the
 * static checker that rejects a schedule before it runs, and its memory cost.
 */
package dev.graft.pipeline.schedule;
