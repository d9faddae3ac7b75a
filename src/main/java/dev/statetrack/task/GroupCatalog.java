package dev.statetrack.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads group names: {@code Z<m>} (cyclic, m ≥ 2), {@code S<m>} (symmetric, 2 ≤ m ≤ 6),
 * {@code A<m>} (alternating, 3 ≤ m ≤ 7), {@code D<m>} (dihedral of order 2m, m ≥ 3), direct products
 * joined by {@code x} ({@code Z2xS3}), or the path of a multiplication-table CSV file.
 */
public final class GroupCatalog {

    public static final String ALLOWED =
            "Z<m> (m>=2), S<m> (2<=m<=6), A<m> (3<=m<=7), D<m> (m>=3), products like Z2xS3, or a table .csv file";

    private static final Pattern FACTOR = Pattern.compile("([ZSAD])(\\d{1,6})");

    private GroupCatalog() {
    }

    /** @throws IllegalArgumentException with a message naming the bad input and what is allowed */
    public static Group parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        if (text.endsWith(".csv") || Files.isRegularFile(Path.of(text))) {
            Path path = Path.of(text);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("group table file '" + text + "' does not exist");
            }
            return TableGroup.read(path);
        }
        Group product = null;
        for (String factor : text.split("x", -1)) {
            Group g = parseFactor(factor, text);
            product = product == null ? g : new DirectProductGroup(product, g);
        }
        return product;
    }

    /**
     * The family a group name belongs to, for drawing trends within one family only: "Z" (cyclic), "S"
     * (symmetric), "A" (alternating), "D" (dihedral); a direct product or a table file is a family of its
     * own, named by itself.
     */
    public static String family(String spec) {
        Matcher m = FACTOR.matcher(spec == null ? "" : spec.strip());
        if (!m.matches()) {
            return spec;
        }
        return switch (m.group(1)) {
            case "Z" -> "Z (cyclic)";
            case "S" -> "S (symmetric)";
            case "A" -> "A (alternating)";
            default -> "D (dihedral)";
        };
    }

    /** The built-in families with small examples, for {@code statetrack groups}. */
    public static List<Group> examples() {
        List<Group> groups = new ArrayList<>();
        for (int m : new int[] {2, 3, 5, 10, 15, 20, 50, 75, 100}) {
            groups.add(new CyclicGroup(m));
        }
        for (int m = 2; m <= 6; m++) {
            groups.add(PermutationGroup.symmetric(m));
        }
        for (int m = 3; m <= 5; m++) {
            groups.add(PermutationGroup.alternating(m));
        }
        for (int m : new int[] {3, 4, 5, 6}) {
            groups.add(PermutationGroup.dihedral(m));
        }
        groups.add(parse("Z2xS3"));
        return groups;
    }

    private static Group parseFactor(String factor, String whole) {
        Matcher m = FACTOR.matcher(factor);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown group '" + whole + "'; allowed: " + ALLOWED);
        }
        int n = Integer.parseInt(m.group(2));
        return switch (m.group(1)) {
            case "Z" -> new CyclicGroup(n);
            case "S" -> PermutationGroup.symmetric(n);
            case "A" -> PermutationGroup.alternating(n);
            default -> PermutationGroup.dihedral(n);
        };
    }
}
