/**
 * Engine graphs cut into pipeline stages: boundary nodes or a cost-balanced
 * partition, the inferred traffic between stages, and pipelined training steps.
 */
package dev.graft.pipeline.stages;
