package dev.graft.pypm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void anOddCountHasItsMiddleValueAsMedian() {
        assertEquals(new Spread(8.0, 6.0, 10.0), Spread.of(List.of(10.0, 6.0, 8.0, 9.5, 7.0)));
    }

    @Test
    void anEvenCountHasTheMeanOfItsTwoMiddleValues() {
        assertEquals(new Spread(7.5, 5.0, 20.0), Spread.of(List.of(20.0, 5.0, 7.0, 8.0)));
    }

    @Test
    void oneValueIsItsOwnMedianAndRange() {
        assertEquals(new Spread(4.0, 4.0, 4.0), Spread.of(List.of(4.0)));
    }

    @Test
    void describesMedianThenRange() {
        assertEquals("7.00x (6.50x-9.25x)", Spread.of(List.of(9.25, 7.0, 6.5)).describe("%.2fx"));
    }

    @Test
    void noValuesHaveNoMedian() {
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }
}
