package dev.statetrack.cli;

import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "group", mixinStandardHelpOptions = true,
        description = {"Prints one group: its elements and its multiplication table.",
            "Permutation groups show each element in one-line notation. Row a, column b of the table",
            "holds a∘b (for permutations, b is applied first)."})
final class GroupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "GROUP", description = "e.g. Z5, S3, A5, D4, Z2xS3, or a table .csv file")
    private String name;

    @Override
    public Integer call() {
        Group g = GroupCatalog.parse(UserPaths.groupName(name, "group"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: order %d, identity %d%n%n", g.name(), g.order(), g.identity());
        out.println("element  label");
        for (int e = 0; e < g.order(); e++) {
            out.printf("%7d  %s%n", e, g.label(e));
        }
        int width = Integer.toString(g.order() - 1).length() + 1;
        out.println();
        out.printf("%" + width + "s |", "∘");
        for (int b = 0; b < g.order(); b++) {
            out.printf("%" + width + "d", b);
        }
        out.println();
        for (int a = 0; a < g.order(); a++) {
            out.printf("%" + width + "d |", a);
            for (int b = 0; b < g.order(); b++) {
                out.printf("%" + width + "d", g.multiply(a, b));
            }
            out.println();
        }
        return 0;
    }
}
