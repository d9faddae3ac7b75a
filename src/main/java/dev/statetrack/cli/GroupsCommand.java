package dev.statetrack.cli;

import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "groups", mixinStandardHelpOptions = true,
        description = {"Lists the built-in groups with their orders.",
            "Any name of the families below works (e.g. Z37, D12, Z3xA4); a CSV multiplication table works too."})
final class GroupsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Families: Z<m> cyclic (order m, m>=2), S<m> symmetric (order m!, 2<=m<=6),");
        out.println("          A<m> alternating (order m!/2, 3<=m<=7), D<m> dihedral (order 2m, m>=3),");
        out.println("          GxH direct products (e.g. Z2xS3), or a path to a table .csv");
        out.println();
        out.printf("%-8s %6s%n", "group", "order");
        for (Group g : GroupCatalog.examples()) {
            out.printf("%-8s %6d%n", g.name(), g.order());
        }
        return 0;
    }
}
