package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.bench.paper.PaperCompare;
import dev.shufflenet.panama.bench.paper.PaperReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shufflenet paper compare}: reports of several machines side by side. */
@Command(name = "compare", sortOptions = false,
        description = "Put the paper reports of several machines side by side: compare.md with one table per"
                + " experiment (a column per machine) and one SVG chart per experiment.")
final class PaperCompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "REPORT", description = "report.json files written by 'paper'.")
    List<Path> reports;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for compare.md and the charts.")
    Path out;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<PaperReport> loaded = new ArrayList<>();
        for (Path p : reports) {
            if (!Files.isRegularFile(p)) throw new UserInputException(p + ": no such report file");
            try {
                loaded.add(PaperReport.read(p));
            } catch (IOException | RuntimeException e) {
                throw new UserInputException(p + ": cannot read a paper report: " + e.getMessage());
            }
        }
        PaperCompare.write(loaded, out);
        spec.commandLine().getOut().println("paper compare: wrote " + out.resolve("compare.md"));
        return 0;
    }
}
