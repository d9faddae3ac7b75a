package dev.statetrack.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A group given by its multiplication table, validated on construction.
 *
 * <p>CSV layout: row a lists a∘0, a∘1, ..., a∘(k-1), separated by commas (or whitespace). Blank
 * lines and lines starting with {@code #} are ignored.
 */
public final class TableGroup implements Group {

    private final String name;
    private final int order;
    private final int[] table;
    private final int identity;

    /** @throws IllegalArgumentException naming the failed group axiom and the elements involved */
    public TableGroup(String name, int[][] rows) {
        this.name = name;
        this.order = rows.length;
        this.table = GroupAxioms.checkedTable(rows);
        this.identity = GroupAxioms.identityOf(table, order);
        GroupAxioms.checkInverses(table, order, identity);
        GroupAxioms.checkAssociativity(table, order);
    }

    public static TableGroup read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read group table " + csv + ": " + e.getMessage());
        }
        List<int[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("[,\\s]+");
            int[] row = new int[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    row[j] = Integer.parseInt(cells[j]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + " line " + (i + 1) + ": '" + cells[j]
                            + "' is not an element number (expected integers 0..k-1)");
                }
            }
            rows.add(row);
        }
        String fileName = csv.getFileName().toString();
        String name = fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try {
            return new TableGroup(name, rows.toArray(new int[0][]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public int multiply(int a, int b) {
        return table[a * order + b];
    }

    @Override
    public int identity() {
        return identity;
    }
}
