/**
 * Timelines of pipeline steps: measured or simulated spans per device, the
 * bubble fraction, Chrome-trace JSON and PNG charts.
 */
package dev.graft.pipeline.trace;
