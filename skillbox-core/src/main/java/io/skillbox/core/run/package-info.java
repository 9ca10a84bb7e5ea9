/**
 * Running skills: the {@link io.skillbox.core.run.Skillbox} facade ties loading, compiling, params
 * validation, backend selection and result assembly together, and reports each step to a listener.
 */
package io.skillbox.core.run;
