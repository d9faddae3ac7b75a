package dev.statetrack.cli;

import dev.statetrack.model.ModelProvider;
import dev.statetrack.model.ModelProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists the models this installation can train: the built-in ones and every plug-in on the "
                + "class path (bin/statetrack --plugins DIR or STATETRACK_PLUGINS), with the class that provides it."})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (ModelProvider p : ModelProviders.all().values()) {
            out.printf("%-16s %s%n%-16s   (%s)%n", p.name(), p.description(), "", p.getClass().getName());
        }
        return 0;
    }
}
