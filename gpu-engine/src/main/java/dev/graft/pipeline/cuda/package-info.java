/**
 * CUDA workers for the pipeline runtime: one host thread per GPU, stages through the
 * engine's CUDA backend, messages over NCCL (or device copies), and the data-parallel
 * gradient all-reduce.
 */
package dev.graft.pipeline.cuda;
