package dev.statetrack.testing;

import dev.statetrack.study.TaskSpace;
import dev.statetrack.task.LengthDistribution;

/** Group orders for Zm and Sm, and availability as STUDY.md sizes it, without the task library. */
public final class StubTasks implements TaskSpace {

    @Override
    public int groupOrder(String group) {
        if (group.matches("Z\\d+")) {
            return Integer.parseInt(group.substring(1));
        }
        if (group.matches("S\\d")) {
            int m = Integer.parseInt(group.substring(1));
            int order = 1;
            for (int i = 2; i <= m; i++) {
                order *= i;
            }
            return order;
        }
        throw new IllegalArgumentException("unknown group '" + group + "'; allowed: Zm, Sm");
    }

    @Override
    public long availableForTraining(String group, LengthDistribution distribution, int maxLength) {
        double k = groupOrder(group);
        double total = 0;
        for (int n = distribution == LengthDistribution.FIXED ? maxLength : 2; n <= maxLength; n++) {
            total += Math.pow(k, n);
        }
        long all = (long) Math.min(total, Long.MAX_VALUE / 2);
        return all - Math.min(2000, all / 5);
    }
}
