package dev.statetrack.study;

import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.LengthDistribution;

/** How large a task is: what the study plan needs to size N_max and to normalise accuracy. */
public interface TaskSpace {

    /** @throws IllegalArgumentException for a group the catalogue does not know */
    int groupOrder(String group);

    /** Training sequences left after the validation set (the largest possible training set). */
    long availableForTraining(String group, LengthDistribution distribution, int maxLength);

    /** The task library's answers. */
    static TaskSpace catalog() {
        return new TaskSpace() {
            @Override
            public int groupOrder(String group) {
                return GroupCatalog.parse(group).order();
            }

            @Override
            public long availableForTraining(String group, LengthDistribution distribution, int maxLength) {
                return DatasetSampler.availableForTraining(groupOrder(group), distribution, maxLength);
            }
        };
    }
}
