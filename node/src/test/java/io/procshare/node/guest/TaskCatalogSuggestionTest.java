package io.procshare.node.guest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskCatalogSuggestionTest {

    @Test
    void when_aTaskNameIsMisspelt_then_theErrorGuessesTheBuiltInTask() {
        assertThatThrownBy(() -> TaskCatalog.resolve("matmull"))
                .hasMessageStartingWith("unknown task 'matmull': not one of")
                .hasMessageEndingWith("; did you mean matmul?");
    }

    @Test
    void when_aNameIsFarFromEveryTask_then_nothingIsGuessed() {
        assertThatThrownBy(() -> TaskCatalog.resolve("no-such-task")).hasMessageNotContaining("did you mean");
    }
}
