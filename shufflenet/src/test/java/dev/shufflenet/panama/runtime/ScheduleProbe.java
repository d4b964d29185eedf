package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.graph.Graph;

class ScheduleProbe {
    public static void main(String[] args) {
        for (String m : args) {
            Graph g = ShuffleNet.builtIn(m);
            var k = KernelRegistry.best();
            Plan plan = Planner.plan(g, k, (layer, mm, kk, px) -> k.pointwise(), 224, 224);
            Schedule s = Schedule.plan(plan.steps(), 1, 2, Executor.DEFAULT_MIN_COST);
            int serialSteps = 0;
            for (int seg = 0; seg < s.segments(); seg++)
                if (!s.parallel[seg]) serialSteps += s.segmentStarts[seg + 1] - s.segmentStarts[seg];
            System.out.println(m + ": steps " + plan.steps().size() + ", segments " + s.segments() + ", parallel regions "
                    + s.parallelSegments() + ", caller-only steps " + serialSteps);
            if (args.length == 1) {
                for (int seg = 0; seg < s.segments(); seg++) {
                    StringBuilder sb = new StringBuilder(s.parallel[seg] ? "P " : "S ");
                    for (int i = s.segmentStarts[seg]; i < s.segmentStarts[seg + 1]; i++)
                        sb.append(plan.steps().get(i).name()).append(' ');
                    System.out.println(sb);
                }
            }
        }
    }
}
