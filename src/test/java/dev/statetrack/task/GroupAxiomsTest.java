package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GroupAxiomsTest {

    static Stream<String> builtInsUpTo120() {
        List<String> names = new ArrayList<>();
        for (int m : new int[] {2, 3, 5, 10, 15, 20, 50, 75, 100, 120}) {
            names.add("Z" + m);
        }
        for (int m = 2; m <= 5; m++) {
            names.add("S" + m);
        }
        names.addAll(List.of("A3", "A4", "A5", "D3", "D4", "D5", "D12", "D60", "Z2xS3", "Z3xZ3", "S3xD4", "Z2xZ2xZ2"));
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("builtInsUpTo120")
    void builtInGroupsSatisfyTheAxioms(String name) {
        Group g = GroupCatalog.parse(name);
        assertTrue(g.order() <= 120);
        GroupAxioms.check(g);
    }

    @Test
    void ordersAreRight() {
        assertEquals(120, GroupCatalog.parse("S5").order());
        assertEquals(60, GroupCatalog.parse("A5").order());
        assertEquals(8, GroupCatalog.parse("D4").order());
        assertEquals(12, GroupCatalog.parse("Z2xS3").order());
        assertEquals(720, GroupCatalog.parse("S6").order());
        assertEquals(2520, GroupCatalog.parse("A7").order());
    }

    @Test
    void aNonAbelianGroupIsNotCommutative() {
        Group s3 = GroupCatalog.parse("S3");
        boolean commutes = true;
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                commutes &= s3.multiply(a, b) == s3.multiply(b, a);
            }
        }
        assertTrue(!commutes);
    }

    @Test
    void aTableThatIsNotAssociativeIsRefusedNamingTheElements() {
        // Identity 0 and every element its own inverse, but (1∘1)∘2 = 2 while 1∘(1∘2) = 0.
        int[][] bad = {{0, 1, 2}, {1, 0, 1}, {2, 2, 0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TableGroup("bad", bad));
        assertTrue(e.getMessage().startsWith("associativity fails: ("), e.getMessage());
        int[][] klein = {{0, 1, 2, 3}, {1, 0, 3, 2}, {2, 3, 0, 1}, {3, 2, 1, 0}};
        assertEquals(4, new TableGroup("klein", klein).order());
    }

    @Test
    void otherBrokenAxiomsAreNamed() {
        assertMessage("closure fails: 1∘1 = 2", new int[][] {{0, 1}, {1, 2}});
        assertMessage("identity fails", new int[][] {{0, 0}, {0, 0}});
        assertMessage("not square", new int[][] {{0, 1}, {1}});
        assertMessage("inverses fail: element 1", new int[][] {{0, 1, 2}, {1, 1, 1}, {2, 1, 0}});
    }

    private static void assertMessage(String expected, int[][] rows) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TableGroup("t", rows));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
