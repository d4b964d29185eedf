package dev.shufflenet.panama.bench.paper;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report's charts, drawn by XChart and written as SVG: images/s per row for both engines (one bar per engine
 * and column), and for v1 Table 8 images/s against input pixels per width. Each chart also goes to a PNG beside
 * its SVG, for viewers that do not show SVG.
 */
final class PaperCharts {
    private PaperCharts() {}

    static final List<String> ENGINES = List.of("panama", "onnxruntime");

    /** Writes {@code <id>.svg} (and {@code v1-table8-resolution.svg}); returns the file names written. */
    static List<String> write(PaperTable t, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        CategoryChart bars = new CategoryChartBuilder().width(900).height(520).title(t.id() + ": images/s")
                .xAxisTitle(t.id().startsWith("G") ? "variant" : "model").yAxisTitle("images/s").build();
        bars.getStyler().setXAxisLabelRotation(20);
        boolean any = false;
        for (String column : t.columns())
            for (String engine : ENGINES) {
                List<String> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (String row : t.rows()) {
                    xs.add(row);
                    ys.add(t.find(row, column, engine).filter(PaperRecord::ok).map(PaperRecord::imagesPerS).orElse(0.0));
                }
                if (ys.stream().allMatch(y -> y == 0.0)) continue;
                bars.addSeries(engine + " " + column, xs, ys);
                any = true;
            }
        if (any) files.add(save(bars, dir, t.id()));
        if (t.id().equals("v1-table8")) resolution(t, dir).ifPresent(files::add);
        return files;
    }

    private static Optional<String> resolution(PaperTable t, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("v1 Table 8: speed against input size")
                .xAxisTitle("input megapixels").yAxisTitle("images/s").build();
        boolean any = false;
        for (String row : t.rows())
            for (String engine : ENGINES) {
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                for (String column : t.columns()) {
                    Optional<PaperRecord> r = t.find(row, column, engine).filter(PaperRecord::ok);
                    if (r.isEmpty()) continue;
                    xs.add(r.get().height() * (double) r.get().width() / 1e6);
                    ys.add(r.get().imagesPerS());
                }
                if (xs.isEmpty()) continue;
                chart.addSeries(engine + " " + row, xs, ys);
                any = true;
            }
        return any ? Optional.of(save(chart, dir, "v1-table8-resolution")) : Optional.empty();
    }

    static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name + ".svg";
    }
}
