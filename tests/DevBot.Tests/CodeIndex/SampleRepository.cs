namespace DevBot.Tests.CodeIndex;

/// <summary>A small repository in five languages plus docs, whose answers to known questions are known.</summary>
public static class SampleRepository
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["src/billing/invoice.py"] = """
            import decimal


            class Invoice:
                def __init__(self, customer):
                    self.customer = customer
                    self.lines = []

                def add_line(self, description, quantity, unit_price):
                    self.lines.append((description, quantity, decimal.Decimal(unit_price)))

                def total(self):
                    # Sum of quantity times unit price over every invoice line.
                    return sum(quantity * price for _, quantity, price in self.lines)


            def parse_invoice(text):
                invoice = Invoice(text.splitlines()[0])
                for row in text.splitlines()[1:]:
                    description, quantity, price = row.split(";")
                    invoice.add_line(description, int(quantity), price)
                return invoice
            """,
        ["src/auth/login.ts"] = """
            import { hash } from "./crypto";

            export async function loginUser(email: string, password: string): Promise<Session> {
              const user = await findUserByEmail(email);
              if (!user || user.passwordHash !== hash(password)) {
                throw new Error("invalid credentials");
              }
              return sessions.save(user.id);
            }

            export class SessionStore {
              save(userId: string): Session {
                const token = crypto.randomUUID();
                return { userId, token };
              }
            }
            """,
        ["src/Orders/OrderService.cs"] = """
            namespace Shop.Orders;

            public class OrderService
            {
                private readonly IRepository _orders;

                public decimal CalculateShipping(Order order)
                {
                    // Shipping cost: flat rate plus weight surcharge, free above 100.
                    if (order.Total > 100m)
                    {
                        return 0m;
                    }

                    return 4.99m + order.WeightKg * 0.5m;
                }

                public void CancelOrder(Guid orderId)
                {
                    var order = _orders.Find(orderId);
                    order.Status = OrderStatus.Cancelled;
                }
            }
            """,
        ["cmd/server/main.go"] = """
            package main

            import "net/http"

            func main() {
            	http.HandleFunc("/healthz", healthHandler)
            	http.ListenAndServe(":8080", nil)
            }

            func healthHandler(w http.ResponseWriter, r *http.Request) {
            	// health check endpoint for the load balancer
            	w.WriteHeader(http.StatusOK)
            }
            """,
        ["src/main/java/app/EmailSender.java"] = """
            package app;

            public class EmailSender {
                public void sendWelcome(String to) {
                    // welcome email for new users
                    smtp.send(to, "Welcome!", template("welcome"));
                }
            }
            """,
        ["docs/setup.md"] = """
            # Setup

            Install the tools first.

            ## Database

            Configure the database connection string in DATABASE_URL and run the migrations.

            ## Running

            Start the server with `go run ./cmd/server`.
            """,
        ["config.yaml"] = "server:\n  port: 8080\nlog_level: info\n",
    };

    public static readonly (string Question, string Path, string Symbol)[] KnownAnswers =
    [
        ("how is the invoice total computed", "src/billing/invoice.py", "Invoice"),
        ("shipping cost calculation for an order", "src/Orders/OrderService.cs", "OrderService"),
        ("log a user in with email and password", "src/auth/login.ts", "loginUser"),
        ("health check endpoint", "cmd/server/main.go", "healthHandler"),
        ("send the welcome email", "src/main/java/app/EmailSender.java", "EmailSender"),
        ("configure the database connection", "docs/setup.md", "Database"),
        ("parseInvoice", "src/billing/invoice.py", "parse_invoice"),
    ];
}
