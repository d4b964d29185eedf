package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.bench.paper.PaperCompare;
import dev.shufflenet.panama.bench.paper.PaperReport;
import dev.shufflenet.panama.selftest.SelftestReport;
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
                + " experiment (a column per machine) and one SVG chart per experiment; 'selftest --json' records"
                + " given beside them add a correctness table (a column per machine).")
final class PaperCompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "REPORT", description = "report.json files written by 'paper', and/or JSON records of 'selftest --json'.")
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
        List<SelftestReport> selftests = new ArrayList<>();
        for (Path p : reports) {
            if (!Files.isRegularFile(p)) throw new UserInputException(p + ": no such report file");
            try {
                if (SelftestReport.isSelftest(p)) selftests.add(SelftestReport.read(p));
                else loaded.add(PaperReport.read(p));
            } catch (IOException | RuntimeException e) {
                throw new UserInputException(p + ": cannot read a paper report or selftest record: " + e.getMessage());
            }
        }
        PaperCompare.write(loaded, selftests, out);
        spec.commandLine().getOut().println("paper compare: wrote " + out.resolve("compare.md"));
        return 0;
    }
}
