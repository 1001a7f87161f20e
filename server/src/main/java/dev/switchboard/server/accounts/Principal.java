package dev.switchboard.server.accounts;

/**
 * Who is on the other end of an authenticated session. Customers have a {@code customerId}; staff a
 * {@code user}. {@code sender} keys idempotent writes ({@code cid}s are unique per sender).
 */
public record Principal(Kind kind, String user, String name, long customerId) {

    public static Principal customer(long customerId, String name) {
        return new Principal(Kind.CUSTOMER, null, name, customerId);
    }

    public static Principal staff(Kind kind, String user, String name) {
        return new Principal(kind, user, name, 0);
    }

    public boolean isCustomer() {
        return kind == Kind.CUSTOMER;
    }

    public String sender() {
        return isCustomer() ? "c:" + customerId : "u:" + user;
    }

    public String role() {
        return isCustomer() ? "customer" : "agent";
    }
}
