package dev.statetrack.study;

import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.LengthDistribution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How large a task is: what the study plan needs to size N_max and to normalise accuracy. */
public interface TaskSpace {

    /** @throws IllegalArgumentException for a group the catalogue does not know */
    int groupOrder(String group);

    /** Training sequences left after the validation set (the largest possible training set). */
    long availableForTraining(String group, LengthDistribution distribution, int maxLength);

    /**
     * The task library's answers. Orders are remembered: a plan asks once per cell, and building S5
     * (its 120×120 table and labels) thousands of times took half a minute for the paper preset.
     */
    static TaskSpace catalog() {
        Map<String, Integer> orders = new ConcurrentHashMap<>();
        return new TaskSpace() {
            @Override
            public int groupOrder(String group) {
                return orders.computeIfAbsent(group, name -> GroupCatalog.parse(name).order());
            }

            @Override
            public long availableForTraining(String group, LengthDistribution distribution, int maxLength) {
                return DatasetSampler.availableForTraining(groupOrder(group), distribution, maxLength);
            }
        };
    }
}
