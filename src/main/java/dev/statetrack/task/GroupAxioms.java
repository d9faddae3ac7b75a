package dev.statetrack.task;

/**
 * Checks the group axioms on a multiplication table (closure, identity, inverses, associativity),
 * failing with a message that names the axiom and the elements involved.
 */
public final class GroupAxioms {

    private GroupAxioms() {
    }

    /** Checks every axiom of a group given through its operation. */
    public static void check(Group group) {
        int k = group.order();
        int[][] rows = new int[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                rows[a][b] = group.multiply(a, b);
            }
        }
        int[] table = checkedTable(rows);
        int identity = identityOf(table, k);
        if (identity != group.identity()) {
            throw new IllegalArgumentException(group.name() + ": identity() is " + group.identity()
                    + " but the table's identity is " + identity);
        }
        checkInverses(table, k, identity);
        checkAssociativity(table, k);
    }

    /** Square and closed: every entry is an element. Returns the table row-major. */
    static int[] checkedTable(int[][] rows) {
        int k = rows.length;
        if (k == 0) {
            throw new IllegalArgumentException("group table is empty");
        }
        int[] table = new int[k * k];
        for (int a = 0; a < k; a++) {
            if (rows[a].length != k) {
                throw new IllegalArgumentException("group table is not square: row " + a + " has "
                        + rows[a].length + " entries, expected " + k);
            }
            for (int b = 0; b < k; b++) {
                int c = rows[a][b];
                if (c < 0 || c >= k) {
                    throw new IllegalArgumentException("closure fails: " + a + "∘" + b + " = " + c
                            + " is not an element (allowed 0.." + (k - 1) + ")");
                }
                table[a * k + b] = c;
            }
        }
        return table;
    }

    static int identityOf(int[] table, int k) {
        for (int e = 0; e < k; e++) {
            boolean isIdentity = true;
            for (int a = 0; a < k && isIdentity; a++) {
                isIdentity = table[e * k + a] == a && table[a * k + e] == a;
            }
            if (isIdentity) {
                return e;
            }
        }
        throw new IllegalArgumentException("identity fails: no element e has e∘a = a∘e = a for every a");
    }

    static void checkInverses(int[] table, int k, int identity) {
        for (int a = 0; a < k; a++) {
            boolean found = false;
            for (int b = 0; b < k && !found; b++) {
                found = table[a * k + b] == identity && table[b * k + a] == identity;
            }
            if (!found) {
                throw new IllegalArgumentException("inverses fail: element " + a
                        + " has no b with " + a + "∘b = b∘" + a + " = " + identity + " (the identity)");
            }
        }
    }

    static void checkAssociativity(int[] table, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                int ab = table[a * k + b];
                for (int c = 0; c < k; c++) {
                    int left = table[ab * k + c];
                    int right = table[a * k + table[b * k + c]];
                    if (left != right) {
                        throw new IllegalArgumentException("associativity fails: (" + a + "∘" + b + ")∘" + c
                                + " = " + left + " but " + a + "∘(" + b + "∘" + c + ") = " + right);
                    }
                }
            }
        }
    }
}
