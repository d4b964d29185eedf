package dev.shufflenet.panama;

/** One step's median time over single-threaded runs, as {@link CompiledModel#profile} reports it. */
public record StepTime(PlanStep step, long medianNanos) {}
