package io.hpcorchestrator.client.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line and scatter chart as inline SVG: linear axes with round tick values, one colour per series, a
 * legend. Text goes through {@link Html#escape}; numbers are formatted with {@code Locale.ROOT}.
 */
final class SvgChart {

    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22"};
    private static final int WIDTH = 620;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** @param points x and y pairs; {@code line} joins them in order, otherwise they are dots */
    SvgChart add(String name, double[][] points, boolean line) {
        series.add(new Series(name, points, line, COLOURS[series.size() % COLOURS.length]));
        return this;
    }

    String render() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\">");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"16\" text-anchor=\"middle\" class=\"t\">").append(Html.escape(title)).append("</text>");
        if (Double.isInfinite(xMin)) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2).append("\" text-anchor=\"middle\">no data</text></svg>");
            return svg.toString();
        }
        double[] xTicks = ticks(xMin >= 0 ? 0 : xMin, xMax);
        double[] yTicks = ticks(0, yMax);
        double x0 = xTicks[0];
        double x1 = xTicks[xTicks.length - 1];
        double y1 = yTicks[yTicks.length - 1];
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (double tick : yTicks) {
            double y = TOP + plotH - (tick / y1) * plotH;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y)).append("\" y2=\"")
                    .append(f(y)).append("\" class=\"g\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">").append(label(tick))
                    .append("</text>");
        }
        for (double tick : xTicks) {
            double x = LEFT + (tick - x0) / (x1 - x0) * plotW;
            svg.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(TOP + plotH).append("\" class=\"g\"/>");
            svg.append("<text x=\"").append(f(x)).append("\" y=\"").append(TOP + plotH + 16).append("\" text-anchor=\"middle\">")
                    .append(label(tick)).append("</text>");
        }
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW).append("\" height=\"")
                .append(plotH).append("\" class=\"f\"/>");
        svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 6).append("\" text-anchor=\"middle\">")
                .append(Html.escape(xLabel)).append("</text>");
        svg.append("<text transform=\"translate(14 ").append(TOP + plotH / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Html.escape(yLabel)).append("</text>");
        for (Series s : series) {
            if (s.line) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(s.colour).append("\" stroke-width=\"1.8\" points=\"");
                for (double[] p : s.points) {
                    svg.append(f(LEFT + (p[0] - x0) / (x1 - x0) * plotW)).append(',').append(f(TOP + plotH - p[1] / y1 * plotH)).append(' ');
                }
                svg.append("\"/>");
            } else {
                svg.append("<g fill=\"").append(s.colour).append("\" fill-opacity=\"0.55\">");
                for (double[] p : s.points) {
                    svg.append("<circle r=\"1.8\" cx=\"").append(f(LEFT + (p[0] - x0) / (x1 - x0) * plotW)).append("\" cy=\"")
                            .append(f(TOP + plotH - p[1] / y1 * plotH)).append("\"/>");
                }
                svg.append("</g>");
            }
        }
        int legendY = TOP + 14;
        for (Series s : series) {
            svg.append("<rect x=\"").append(LEFT + 10).append("\" y=\"").append(legendY - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(s.colour).append("\"/><text x=\"").append(LEFT + 26).append("\" y=\"").append(legendY).append("\">")
                    .append(Html.escape(s.name)).append("</text>");
            legendY += 15;
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten, about five of them. */
    static double[] ticks(double min, double max) {
        if (max <= min) {
            max = min + (min == 0 ? 1 : Math.abs(min) * 0.1);
        }
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        double first = Math.floor(min / step) * step;
        double last = Math.ceil(max / step) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", value)).stripTrailingZeros().toPlainString();
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private record Series(String name, double[][] points, boolean line, String colour) {
    }
}
