/**
 * Internal: the compiler and executor behind {@link dev.shufflenet.panama.CompiledModel}, the one entry
 * point. Not API; only {@link dev.shufflenet.panama.runtime.PointwiseSelector} is meant for the library's
 * own backend and tuning packages.
 *
 * <p>Compiling runs the rewrite passes ({@link dev.shufflenet.panama.runtime.GraphRewrites}, then
 * {@code ConcatPlacement}, then {@code ShufflePlacement}), each recording its decisions on the node list
 * ({@code FusedNode}); the {@code Planner} maps that list to steps and the {@code MemoryPlanner} places
 * the buffers; the {@code Executor} runs the steps.
 */
package dev.shufflenet.panama.runtime;
