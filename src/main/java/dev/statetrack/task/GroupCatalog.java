package dev.statetrack.task;

/** Parses group names (Z5, S3, A5, D4, Z2xS3, or a path to a multiplication-table CSV). */
public final class GroupCatalog {

    private GroupCatalog() {
    }

    /** @throws IllegalArgumentException with a message naming the bad input and what is allowed */
    public static Group parse(String spec) {
        // Placeholder until the full catalogue lands: cyclic groups only.
        if (spec.matches("Z\\d+")) {
            int m = Integer.parseInt(spec.substring(1));
            return new Group() {
                public String name() { return spec; }
                public int order() { return m; }
                public int multiply(int a, int b) { return (a + b) % m; }
                public int identity() { return 0; }
            };
        }
        throw new IllegalArgumentException("unknown group '" + spec + "'");
    }
}
