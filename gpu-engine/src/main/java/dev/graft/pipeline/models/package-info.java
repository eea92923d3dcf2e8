/**
 * Models to train without a dataset: a synthetic decoder and MLP built through
 * the graph API, exported language models given a loss, and seeded batches.
 */
package dev.graft.pipeline.models;
