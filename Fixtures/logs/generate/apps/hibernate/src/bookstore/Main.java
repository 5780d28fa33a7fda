package bookstore;

import java.util.List;
import org.apache.log4j.Logger;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Fixtures/logs/apps/hibernate/postgres.log workload (one Hibernate Session per "request",
 * requests 200 ms apart, each preceded by a marker line from log4j logger "bookstore"):
 *   R1 N+1 page:       from Book order by id (max 10), then book.getAuthor().getName() each
 *   R2 eager page:     from Book b join fetch b.author order by b.id (max 10)
 *   R3 repeated query: from Author a where a.id = :id (id 1) three times (an HQL query always
 *                      goes to the database; session.get() would be answered by the session)
 *   R4 count loop:     select count(b) from Book b where b.author.id = :id for ids 1..5
 */
public class Main {
    static final Logger log = Logger.getLogger(Main.class);

    interface Work { void run(Session s); }

    public static void main(String[] args) throws Exception {
        Configuration cfg = new Configuration().configure();
        // gen_hibernate.sh's second run turns show_sql off and logs through log4j's org.hibernate.SQL
        if (System.getProperty("ql.show_sql") != null)
            cfg.setProperty("hibernate.show_sql", System.getProperty("ql.show_sql"));
        SessionFactory sf = cfg.buildSessionFactory();
        Object[][] requests = {
            {"R1", "N+1 page", (Work) s -> {
                List<?> books = s.createQuery("from Book b order by b.id").setMaxResults(10).list();
                for (Object o : books) ((Book) o).getAuthor().getName();
            }},
            {"R2", "eager page", (Work) s -> {
                List<?> books = s.createQuery("from Book b join fetch b.author order by b.id").setMaxResults(10).list();
                for (Object o : books) ((Book) o).getAuthor().getName();
            }},
            {"R3", "repeated query", (Work) s -> {
                for (int k = 0; k < 3; k++)
                    ((Author) s.createQuery("from Author a where a.id = :id").setParameter("id", 1).uniqueResult()).getName();
            }},
            {"R4", "count loop", (Work) s -> {
                for (int id = 1; id <= 5; id++)
                    s.createQuery("select count(b) from Book b where b.author.id = :id").setParameter("id", id).uniqueResult();
            }},
        };
        for (int i = 0; i < requests.length; i++) {
            if (i > 0) Thread.sleep(200);
            log.info("request " + requests[i][0] + " " + requests[i][1]);
            Session s = sf.openSession();
            try {
                s.beginTransaction();
                ((Work) requests[i][2]).run(s);
                s.getTransaction().commit();
            } finally {
                s.close();
            }
        }
        sf.close();
    }
}
