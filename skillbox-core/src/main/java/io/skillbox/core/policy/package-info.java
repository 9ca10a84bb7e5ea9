/** The operator's policy: defaults and ceilings for every resource, allowed tiers, modes and host paths. */
package io.skillbox.core.policy;
