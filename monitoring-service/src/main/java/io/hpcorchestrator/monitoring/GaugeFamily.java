package io.hpcorchestrator.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gauge with one series per tag set, rewritten as a whole from each sample. A series that stays keeps its meter and
 * only its value changes: {@code MultiGauge.register(rows, true)} would remove and re-add it, and a scrape that runs
 * in between sees it twice and fails with a duplicate-labels error (micrometer issue 6851).
 */
public final class GaugeFamily {

    private final MultiGauge gauge;
    private Map<Tags, Cell> cells = Map.of();

    private GaugeFamily(MultiGauge gauge) {
        this.gauge = gauge;
    }

    public static GaugeFamily register(MeterRegistry meters, String name, String description) {
        return new GaugeFamily(MultiGauge.builder(name).description(description).register(meters));
    }

    public static GaugeFamily register(MeterRegistry meters, String name, String baseUnit, String description) {
        return new GaugeFamily(MultiGauge.builder(name).baseUnit(baseUnit).description(description).register(meters));
    }

    /** Sets every series to its value; series missing from {@code values} are removed. */
    public synchronized void publish(Map<Tags, ? extends Number> values) {
        Map<Tags, Cell> next = new HashMap<>();
        List<MultiGauge.Row<?>> rows = new ArrayList<>(values.size());
        values.forEach((tags, value) -> {
            Cell cell = cells.getOrDefault(tags, new Cell());
            cell.value = value.doubleValue();
            next.put(tags, cell);
            rows.add(MultiGauge.Row.of(tags, cell, Cell::value));
        });
        cells = next;
        gauge.register(rows, false);
    }

    private static final class Cell {

        private volatile double value;

        double value() {
            return value;
        }
    }
}
